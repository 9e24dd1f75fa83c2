"""Background work of the carbon domain."""

from celery import shared_task
from django.db import transaction

from . import services
from .models import CreditBatch


@shared_task
def catalogue_stock_resync() -> int:
    """Bring every batch's Oscar stock record back in step with the batch; return how many.

    The services keep them in step on every write; this repairs drift from
    edits made around them (e.g. a stock record changed in Oscar's dashboard).
    """
    synced = 0
    for batch in CreditBatch.objects.select_related("project").iterator():
        with transaction.atomic():
            services.batch_sync_stock(batch=batch)
        synced += 1
    return synced


@shared_task
def reservations_release_expired() -> int:
    """Scheduled every minute: lapsed reservations go back on sale."""
    return services.reservations_release_expired()
