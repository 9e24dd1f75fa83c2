"""Background work of privacy requests (registered through legal.tasks)."""

from celery import shared_task

from . import services

# The name it had before the legal app was split, so messages already queued still find it.


@shared_task(name="legal.privacy_requests.tasks.privacy_requests_housekeeping")
def privacy_requests_housekeeping() -> int:
    """Scheduled: delete identity documents and disclosed data whose keeping period has ended."""
    return services.privacy_requests_housekeeping()
