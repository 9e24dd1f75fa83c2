"""Issue certificates from the command line, showing the progress the dashboard shows."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from offsets import services
from offsets.models import Certificate

Order = get_model("order", "Order")

BAR_WIDTH = 20


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """Return e.g. ``[##########----------] 12/24``."""
    filled = width if not total else width * done // total
    return f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total}"


class Command(BaseCommand):
    help = (
        "Issue the certificates of the given orders (--order NUMBER …), or of every retired order "
        "without a certificate (--all-retired), one at a time, with a progress bar and a summary."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--order",
            dest="order_numbers",
            action="extend",
            nargs="+",
            default=[],
            metavar="NUMBER",
            help="Order number to certify; repeat or list several.",
        )
        parser.add_argument(
            "--all-retired",
            action="store_true",
            help="Every order whose credits are retired and that has no pending or valid certificate.",
        )

    def handle(self, *args, order_numbers: list[str], all_retired: bool, **options):
        if not order_numbers and not all_retired:
            raise CommandError(_("Give --order NUMBER or --all-retired."))
        order_ids = set(self._orders_named(order_numbers))
        if all_retired:
            order_ids.update(self._retired_without_certificate())
        if not order_ids:
            self.stdout.write(_("No orders to certify."))
            return
        # The same run the dashboard starts, carried out here, synchronously, instead of by a worker.
        run = services.certificates_bulk_run_create(order_ids=list(order_ids), requested_by=None)
        self._progress(0, run.total)
        run = services.certificates_bulk_issue(run_id=run.pk, progress=self._progress)
        if self.stdout.isatty():
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _("Issued: %(issued)s, refused: %(refused)s.")
                % {"issued": run.issued, "refused": run.refused}
            )
        )
        for problem in run.problems:
            self.stdout.write(
                self.style.WARNING(
                    _("Refused %(order)s: %(reason)s")
                    % {"order": problem["order"], "reason": problem["reason"]}
                )
            )

    def _orders_named(self, numbers: list[str]) -> list[int]:
        found = dict(Order.objects.filter(number__in=numbers).values_list("number", "pk"))
        unknown = [number for number in dict.fromkeys(numbers) if number not in found]
        if unknown:
            raise CommandError(_("Unknown order numbers: %(numbers)s") % {"numbers": ", ".join(unknown)})
        return list(found.values())

    def _retired_without_certificate(self) -> list[int]:
        live = Certificate.objects.filter(order=OuterRef("pk"), status__in=Certificate.LIVE_STATUSES)
        return list(Order.objects.filter(status="retired").filter(~Exists(live)).values_list("pk", flat=True))

    def _progress(self, done: int, total: int) -> None:
        # On a terminal the bar redraws in place; in a log each step is a line.
        self.stdout.write(progress_bar(done, total), ending="\r" if self.stdout.isatty() else "\n")
