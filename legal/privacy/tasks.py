"""Background work of the privacy features: the daily retention purge."""

from celery import shared_task

from . import services

# Each task keeps the name it had before the legal app was split into
# sub-packages, so messages already queued in the broker still find it.


@shared_task(name="legal.tasks.personal_data_purge")
def personal_data_purge() -> dict:
    """Scheduled daily: apply the retention periods (see legal/privacy/services.py)."""
    return services.personal_data_purge().as_dict()
