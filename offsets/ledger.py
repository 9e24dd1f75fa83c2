"""Reads for the public ledger: every batch's tonnes, the certificates, and the project charts' data.

What the figures mean (the page states the same):

- **issued**: the serials of the batch's registry range (one serial is one tonne).
- **sold**: serials allocated to paid order lines. A batch that delivered credits as a
  substitute counts them; the batch the customer first paid for (and that could not
  deliver) does not, so substituted tonnes are counted once. Payments in progress are not sold.
- **retired**: sold serials the registry retired (cancelled) for the buyer.
- **certified**: retired serials stated on a valid certificate. A reissued certificate counts
  once (its superseded predecessor does not); a revoked certificate's serials stay retired
  but are no longer certified; a certificate still being issued is not counted yet.
- **held**: tonnes held for payments in progress (reservations that have not lapsed) and
  tonnes promised to customers by scheduled substitutions.
- **available**: issued − sold − held: what can be bought now.

Each figure is one query grouped by batch over all batches, never a query per batch: the
page and the downloads make the same number of queries at 10 or 10,000 batches.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import (
    Allocation,
    Certificate,
    CertificateSerialRange,
    CreditBatch,
    OffsetProject,
    ReconciliationFinding,
    ReconciliationRun,
    Reservation,
    Retirement,
    Substitution,
)

# The page lists the newest certificates; the CSV and JSON downloads list all of them.
PAGE_CERTIFICATES = 200
FIGURES = ("issued", "sold", "retired", "certified", "held", "available")


@dataclass
class Tonnes:
    issued: int = 0
    sold: int = 0
    retired: int = 0
    certified: int = 0
    held: int = 0
    available: int = 0

    def add(self, other: "Tonnes") -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIGURES}


@dataclass
class BatchLedger:
    batch: CreditBatch
    tonnes: Tonnes


@dataclass(frozen=True)
class ChartMonth:
    month: datetime.date  # the first day of the month
    issued: int  # cumulative, at the end of the month
    sold: int
    retired: int


@dataclass
class ProjectLedger:
    project: OffsetProject
    batches: list[BatchLedger] = field(default_factory=list)
    totals: Tonnes = field(default_factory=Tonnes)
    months: list[ChartMonth] = field(default_factory=list)
    chart: str = ""  # the SVG drawn from ``months`` (offsets.charts), set by the page


@dataclass(frozen=True)
class LedgerRange:
    serial_prefix: str
    serial_first: int
    serial_last: int
    registry_reference: str
    retired_on: datetime.date
    batch_id: int

    @property
    def tonnes(self) -> int:
        return self.serial_last - self.serial_first + 1


@dataclass(frozen=True)
class LedgerCertificate:
    number: str
    status: str
    status_label: str
    issued_on: datetime.date | None
    tonnes: int
    # Only when the buyer chose to show them publicly (and never on a revoked certificate).
    beneficiary_name: str | None
    offset_purpose: str | None
    ranges: list[LedgerRange]


@dataclass
class Ledger:
    generated_at: datetime.datetime
    projects: list[ProjectLedger]
    totals: Tonnes
    certificates: list[LedgerCertificate]
    certificates_total: int  # all the public certificates; the page may list fewer


def _serials():
    return F("serial_last") - F("serial_first") + 1


def _per_batch(queryset, batch_path: str, tonnes) -> dict[int, int]:
    """{batch id: tonnes} from one grouped query."""
    return dict(queryset.order_by().values_list(batch_path).annotate(total=Sum(tonnes)))


def _per_batch_and_month(queryset, batch_path: str, date_field: str) -> dict[int, dict[datetime.date, int]]:
    """{batch id: {month: tonnes}} from one grouped query."""
    rows = (
        queryset.annotate(month=TruncMonth(date_field))
        .order_by()
        .values_list(batch_path, "month")
        .annotate(tonnes=Sum(_serials()))
    )
    per_batch: dict[int, dict[datetime.date, int]] = {}
    for batch_id, month, tonnes in rows:
        months = per_batch.setdefault(batch_id, {})
        months[_month(month)] = months.get(_month(month), 0) + tonnes
    return per_batch


def batches_with_tonnes(*, now: datetime.datetime | None = None, batches=None) -> list[CreditBatch]:
    """Every batch (or those of the queryset ``batches``) with its project, and as attributes ``sold``,
    ``retired``, ``certified``, ``reserved``, ``promised`` (tonnes) and ``sold_months`` /
    ``retired_months`` ({month: tonnes}).

    Six queries whatever the number of batches: each figure is one query grouped by batch over
    its whole table, which stays one scan where a subquery per batch would be one lookup each.
    """
    now = now or timezone.now()
    batches = list(
        (CreditBatch.objects.all() if batches is None else batches)
        .select_related("project")
        .order_by("project__name", "project__pk", "vintage", "serial_first", "pk")
    )
    sold = _per_batch_and_month(Allocation.objects.all(), "batch", "created_at")
    retired = _per_batch_and_month(Retirement.objects.all(), "allocation__batch", "retired_on")
    certified = _per_batch(
        CertificateSerialRange.objects.filter(certificate__status=Certificate.Status.VALID),
        "retirement__allocation__batch",
        _serials(),
    )
    reserved = _per_batch(
        Reservation.objects.filter(status=Reservation.Status.ACTIVE, expires_at__gt=now), "batch", F("tonnes")
    )
    promised = _per_batch(
        Substitution.objects.filter(status=Substitution.Status.SCHEDULED), "substitute_batch", F("tonnes")
    )
    for batch in batches:
        batch.sold_months = sold.get(batch.pk, {})
        batch.retired_months = retired.get(batch.pk, {})
        batch.sold = sum(batch.sold_months.values())
        batch.retired = sum(batch.retired_months.values())
        batch.certified = certified.get(batch.pk, 0)
        batch.reserved = reserved.get(batch.pk, 0)
        batch.promised = promised.get(batch.pk, 0)
    return batches


def batches_on_sale(
    *, now: datetime.datetime | None = None, project_slug: str = "", batch_id: int | None = None
) -> list[BatchLedger]:
    """The batches whose product is on sale (of one project if ``project_slug``, or the one batch
    ``batch_id``), each with its tonnes; ``tonnes.available`` is what can be bought now. Seven
    queries whatever the number of batches."""
    batches = CreditBatch.objects.filter(product__is_public=True).select_related("product")
    if project_slug:
        batches = batches.filter(project__slug=project_slug)
    if batch_id is not None:
        batches = batches.filter(pk=batch_id)
    return [
        BatchLedger(batch=batch, tonnes=_batch_tonnes(batch))
        for batch in batches_with_tonnes(now=now, batches=batches)
    ]


def _batch_tonnes(batch: CreditBatch) -> Tonnes:
    held = batch.reserved + batch.promised
    return Tonnes(
        issued=batch.tonnes_issued,
        sold=batch.sold,
        retired=batch.retired,
        certified=batch.certified,
        held=held,
        available=batch.tonnes_issued - batch.sold - held,
    )


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _project_months(batches: list[BatchLedger], today: datetime.date) -> list[ChartMonth]:
    """Cumulative issued / sold / retired at the end of each month from the first batch to this month."""
    issued: dict[datetime.date, int] = {}
    sold: dict[datetime.date, int] = {}
    retired: dict[datetime.date, int] = {}
    for entry in batches:
        month = _month(entry.batch.created_at)
        issued[month] = issued.get(month, 0) + entry.tonnes.issued
        for total, months in ((sold, entry.batch.sold_months), (retired, entry.batch.retired_months)):
            for month, tonnes in months.items():
                total[month] = total.get(month, 0) + tonnes
    starts = [*issued, *sold, *retired]
    if not starts:
        return []
    month, last = min(starts), max(max(starts), today.replace(day=1))
    totals = {"issued": 0, "sold": 0, "retired": 0}
    months = []
    while month <= last:
        totals["issued"] += issued.get(month, 0)
        totals["sold"] += sold.get(month, 0)
        totals["retired"] += retired.get(month, 0)
        months.append(ChartMonth(month=month, **totals))
        month = _next_month(month)
    return months


def _public_certificates():
    # A certificate revoked while still pending was never issued: it sorts last on every database.
    return Certificate.objects.exclude(status=Certificate.Status.PENDING).order_by(
        F("issued_at").desc(nulls_last=True), "-pk"
    )


def _ledger_certificates(certificates) -> list[LedgerCertificate]:
    entries = []
    for certificate in certificates:
        personal = certificate.show_publicly and certificate.status != Certificate.Status.REVOKED
        entries.append(
            LedgerCertificate(
                number=certificate.number,
                status=certificate.status,
                status_label=str(certificate.get_status_display()),
                issued_on=timezone.localdate(certificate.issued_at) if certificate.issued_at else None,
                tonnes=certificate.tonnes,
                beneficiary_name=certificate.beneficiary_name if personal else None,
                offset_purpose=certificate.offset_purpose if personal else None,
                ranges=[
                    LedgerRange(
                        serial_prefix=serial_range.serial_prefix,
                        serial_first=serial_range.serial_first,
                        serial_last=serial_range.serial_last,
                        registry_reference=serial_range.retirement.registry_reference,
                        retired_on=serial_range.retirement.retired_on,
                        batch_id=serial_range.retirement.allocation.batch_id,
                    )
                    for serial_range in certificate.serial_ranges.all()
                ],
            )
        )
    return entries


def ledger_read(*, certificates_limit: int | None, now=None) -> Ledger:
    """The public ledger: projects with their batches' tonnes and monthly history, and the certificates.

    A fixed number of queries whatever the number of batches or certificates.
    ``certificates_limit`` lists only the newest (None: all of them; 0: none, not even counted).
    """
    now = now or timezone.now()
    projects: dict[int, ProjectLedger] = {}
    totals = Tonnes()
    for batch in batches_with_tonnes(now=now):
        entry = BatchLedger(batch=batch, tonnes=_batch_tonnes(batch))
        project = projects.setdefault(batch.project_id, ProjectLedger(project=batch.project))
        project.batches.append(entry)
        project.totals.add(entry.tonnes)
        totals.add(entry.tonnes)
    today = timezone.localdate(now)
    for project in projects.values():
        project.months = _project_months(project.batches, today)
    ranges = CertificateSerialRange.objects.select_related("retirement__allocation").order_by(
        "serial_prefix", "serial_first", "pk"
    )
    certificates = _public_certificates().prefetch_related(Prefetch("serial_ranges", queryset=ranges))
    if certificates_limit == 0:
        listed = []
    elif certificates_limit is None:
        listed = list(certificates)
    else:
        listed = list(certificates[:certificates_limit])
    # Counted only when the page is full: otherwise the list is all there is.
    full = bool(certificates_limit) and len(listed) == certificates_limit
    certificates_total = _public_certificates().count() if full else len(listed)
    return Ledger(
        generated_at=now,
        projects=list(projects.values()),
        totals=totals,
        certificates=_ledger_certificates(listed),
        certificates_total=certificates_total,
    )


# The dashboard index lists at most this many findings of the latest run (all are in the e-mail).
DASHBOARD_FINDINGS = 20


def reconciliation_latest() -> ReconciliationRun | None:
    """The latest reconciliation run with its first findings (``shown_findings``), or None if none ran."""
    run = ReconciliationRun.objects.order_by("-started_at", "-pk").first()
    if run is not None:
        run.shown_findings = list(
            ReconciliationFinding.objects.filter(run=run).order_by("invariant", "pk")[:DASHBOARD_FINDINGS]
        )
    return run
