from oscar.apps.analytics.models import *  # noqa: F403  (Oscar's fork pattern)
