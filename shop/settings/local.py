"""Settings for `make run`: a developer's or a new user's own machine."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# The demo staff member signs in with demo recovery codes (`make run` prints them).
DEMO_STAFF_RECOVERY_CODES = env.bool("DEMO_STAFF_RECOVERY_CODES", default=True)
