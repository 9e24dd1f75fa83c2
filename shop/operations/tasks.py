"""Background work of the operations app."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(ignore_result=True)
def heartbeat_record() -> None:
    """Scheduled every minute: note the time, so /healthz/ can tell that beat and a worker run."""
    services.heartbeat_record(ran_at=timezone.now())
