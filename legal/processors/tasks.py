"""Background work of the processor registry: delivering the outbox, warning about NDAs."""

from celery import shared_task

from . import outbox, services

# Each task keeps the name it had before the legal app was split into
# sub-packages, so messages already queued in the broker still find it.


@shared_task(name="legal.tasks.outbox_deliver")
def outbox_deliver(message_id: int) -> str:
    return outbox.message_deliver(message_id=message_id)


@shared_task(name="legal.tasks.outbox_retry_waiting")
def outbox_retry_waiting() -> int:
    """Scheduled, and run whenever the processor registry changes."""
    return outbox.outbox_retry()


@shared_task(name="legal.tasks.processors_review_alert")
def processors_review_alert() -> int:
    """Scheduled daily: e-mail processor administrators about NDA and review warnings."""
    return services.processor_warnings_notify()
