"""Celery application.

Tasks run eagerly (in the calling process) when CELERY_BROKER_URL is unset,
which is what `make run` and the tests use; production points it at Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.local")

app = Celery("shop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
