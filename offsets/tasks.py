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


@shared_task
def certificate_complete(certificate_id: int) -> str:
    """Build and deliver one certificate (PDF, e-mail); it waits if the processor registry refuses."""
    return services.certificate_complete(certificate_id=certificate_id)


@shared_task
def certificates_complete_waiting() -> int:
    """Scheduled, and run whenever the processor registry changes: finish waiting certificates."""
    return services.certificates_complete_waiting()


@shared_task
def certificates_bulk_issue(run_id: int) -> int:
    """Issue the certificates of a bulk run started in the dashboard; return how many were issued."""
    return services.certificates_bulk_issue(run_id=run_id).issued


@shared_task
def substitutions_carry_out_due() -> int:
    """Scheduled hourly: carry out substitutions whose customers were told and whose notice period is over."""
    return services.substitutions_carry_out_due()


@shared_task
def ledger_reconcile() -> int:
    """Scheduled daily: check the ledger's invariants, store the run, e-mail staff any discrepancy."""
    from .models import ReconciliationRun

    return services.ledger_reconcile(trigger=ReconciliationRun.Trigger.SCHEDULE).discrepancies
