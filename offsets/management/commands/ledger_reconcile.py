"""Run the ledger reconciliation now (beat runs it daily): print the findings, exit 1 if there are any."""

from django.core.management.base import BaseCommand, CommandError

from offsets import services
from offsets.models import ReconciliationRun


class Command(BaseCommand):
    help = (
        "Check the public ledger's invariants (allocations match sales, retirements inside allocations, "
        "live certificates inside retirements, no serial on two live certificates, stock records mirror "
        "batches), store the run, e-mail staff any discrepancy. Exits with status 1 when one is found."
    )

    def handle(self, *args, **options):
        run = services.ledger_reconcile(trigger=ReconciliationRun.Trigger.COMMAND)
        for finding in run.findings.order_by("invariant", "pk"):
            self.stdout.write(f"{finding.get_invariant_display()}: {finding.subject}\n  {finding.detail}")
        summary = (
            f"Reconciliation {run.pk}: {run.batches_checked} batches checked, "
            f"{run.discrepancies} discrepancies"
        )
        if run.discrepancies:
            raise CommandError(f"{summary}; {run.staff_notified} staff members e-mailed.")
        self.stdout.write(self.style.SUCCESS(f"{summary}."))
