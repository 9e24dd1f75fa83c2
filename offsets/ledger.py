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

Each figure is one aggregate over all batches (subqueries), never a query per batch: the
page and the downloads make the same number of queries at 10 or 10,000 batches.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
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


def _sum_per_batch(queryset, batch_path: str, tonnes) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.filter(**{batch_path: OuterRef("pk")})
            .order_by()
            .values(batch_path)
            .annotate(total=Sum(tonnes))
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


def _serials():
    return F("serial_last") - F("serial_first") + 1


def batches_with_tonnes(*, now: datetime.datetime | None = None):
    """Every batch with its project and the annotations ``sold``, ``retired``, ``certified``, ``held``."""
    now = now or timezone.now()
    live_reservations = Reservation.objects.filter(status=Reservation.Status.ACTIVE, expires_at__gt=now)
    promised = Substitution.objects.filter(status=Substitution.Status.SCHEDULED)
    certified = CertificateSerialRange.objects.filter(certificate__status=Certificate.Status.VALID)
    return (
        CreditBatch.objects.select_related("project")
        .annotate(
            sold=_sum_per_batch(Allocation.objects.all(), "batch", _serials()),
            retired=_sum_per_batch(Retirement.objects.all(), "allocation__batch", _serials()),
            certified=_sum_per_batch(certified, "retirement__allocation__batch", _serials()),
            reserved=_sum_per_batch(live_reservations, "batch", F("tonnes")),
            promised=_sum_per_batch(promised, "substitute_batch", F("tonnes")),
        )
        .order_by("project__name", "project__pk", "vintage", "serial_first", "pk")
    )


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


def _monthly(queryset, project_path: str, date_field: str) -> dict[int, dict[datetime.date, int]]:
    """{project id: {month: tonnes}} from one grouped query."""
    rows = (
        queryset.annotate(month=TruncMonth(date_field))
        .order_by()
        .values(project_path, "month")
        .annotate(tonnes=Sum(_serials()))
    )
    per_project: dict[int, dict[datetime.date, int]] = {}
    for row in rows:
        months = per_project.setdefault(row[project_path], {})
        month = _month(row["month"])
        months[month] = months.get(month, 0) + row["tonnes"]
    return per_project


def _project_months(
    batches: list[BatchLedger],
    sold: dict[datetime.date, int],
    retired: dict[datetime.date, int],
    today: datetime.date,
) -> list[ChartMonth]:
    """Cumulative issued / sold / retired at the end of each month from the first batch to this month."""
    issued: dict[datetime.date, int] = {}
    for entry in batches:
        month = _month(entry.batch.created_at)
        issued[month] = issued.get(month, 0) + entry.tonnes.issued
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


def ledger_read(*, certificates_limit: int | None = PAGE_CERTIFICATES, now=None) -> Ledger:
    """The public ledger: projects with their batches' tonnes and monthly history, and the certificates.

    A fixed number of queries whatever the number of batches or certificates.
    ``certificates_limit`` lists only the newest (None: all of them).
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
    sold = _monthly(Allocation.objects.all(), "batch__project", "created_at")
    retired = _monthly(Retirement.objects.all(), "allocation__batch__project", "retired_on")
    today = timezone.localdate(now)
    for project_id, project in projects.items():
        project.months = _project_months(
            project.batches, sold.get(project_id, {}), retired.get(project_id, {}), today
        )
    ranges = CertificateSerialRange.objects.select_related("retirement__allocation").order_by(
        "serial_prefix", "serial_first", "pk"
    )
    certificates = _public_certificates().prefetch_related(Prefetch("serial_ranges", queryset=ranges))
    certificates_total = _public_certificates().count()
    if certificates_limit is not None:
        certificates = certificates[:certificates_limit]
    return Ledger(
        generated_at=now,
        projects=list(projects.values()),
        totals=totals,
        certificates=_ledger_certificates(certificates),
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
