"""Celery application.

Tasks run eagerly (in the calling process) when CELERY_BROKER_URL is unset,
which is what `make run` and the tests use; production points it at Redis.

A worker or beat started without DJANGO_SETTINGS_MODULE runs the production
settings, as gunicorn does (shop/wsgi.py): never local's, which turn DEBUG on.
manage.py, `make run` and the tests name their settings themselves.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")

app = Celery("shop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
