"""Celery finds every task under the name beat and queued messages use."""

from django.conf import settings

from shop.celery import app

# The names the legal app's tasks had before it was split into sub-packages: messages
# already waiting in the broker (and beat's schedule) name them so.
LEGAL_TASK_NAMES = {
    "legal.tasks.outbox_deliver",
    "legal.tasks.outbox_retry_waiting",
    "legal.tasks.processors_review_alert",
    "legal.tasks.change_notices_send",
    "legal.tasks.personal_data_purge",
    "legal.privacy_requests.tasks.privacy_requests_housekeeping",
}


def registered_task_names() -> set[str]:
    app.loader.import_default_modules()  # what a worker does at start: autodiscover every app's tasks
    return set(app.tasks)


def test_every_scheduled_task_is_registered():
    registered = registered_task_names()

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled - registered == set()


def test_the_legal_tasks_keep_the_names_they_were_queued_under():
    registered = registered_task_names()

    assert {name for name in registered if name.startswith("legal.")} == LEGAL_TASK_NAMES
