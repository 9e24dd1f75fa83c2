"""Reads behind the certificates dashboard: the queue, its counts, an order's certificate record.

Every list is fetched in a fixed number of queries, however many orders it shows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from legal.processors.models import OutboxMessage
from offsets.models import Allocation, Certificate, CertificateEvent, CreditBatch, OffsetProject

Order = get_model("order", "Order")
Line = get_model("order", "Line")

STATUS_PAID = "paid"
STATUS_AWAITING_RETIREMENT = "awaiting retirement"
STATUS_RETIRED = "retired"
# Paid orders whose credits still need retiring at the registry, or a certificate.
QUEUE_STATUSES = (STATUS_PAID, STATUS_AWAITING_RETIREMENT, STATUS_RETIRED)
RECENT_DAYS = 30


@dataclass(frozen=True)
class QueueCounts:
    awaiting_retirement: int
    retired_awaiting_certificate: int
    waiting_for_registry: int
    issued_recently: int


def _without_live_certificate(orders: QuerySet) -> QuerySet:
    live = Certificate.objects.filter(order=OuterRef("pk"), status__in=Certificate.LIVE_STATUSES)
    return orders.filter(~Exists(live))


def certificate_queue(
    *,
    project: OffsetProject | None = None,
    batch: CreditBatch | None = None,
    placed_before: datetime.datetime | None = None,
    status: str | None = None,
) -> QuerySet:
    """Return the paid orders awaiting retirement or a certificate, oldest first, ready to list."""
    orders = _without_live_certificate(Order.objects.filter(status__in=QUEUE_STATUSES))
    if status:
        orders = orders.filter(status=status)
    if placed_before is not None:
        orders = orders.filter(date_placed__lte=placed_before)
    # A line sells one batch's product; lines still waiting for substitute serials count too.
    if batch is not None:
        orders = orders.filter(Exists(Line.objects.filter(order=OuterRef("pk"), product__credit_batch=batch)))
    if project is not None:
        orders = orders.filter(
            Exists(Line.objects.filter(order=OuterRef("pk"), product__credit_batch__project=project))
        )
    return (
        orders.select_related("user")
        .prefetch_related(_lines_with_allocations(), "certificates")
        .order_by("date_placed", "pk")
    )


def _lines_with_allocations() -> Prefetch:
    allocations = Allocation.objects.select_related("batch__project", "retirement").order_by("serial_first")
    return Prefetch(
        "lines",
        queryset=Line.objects.select_related("product__credit_batch__project")
        .prefetch_related(Prefetch("credit_allocations", queryset=allocations))
        .order_by("pk"),
    )


def certificate_queue_counts(*, now: datetime.datetime | None = None) -> QueueCounts:
    """Return how much work is waiting, for the top of the queue page."""
    now = now or timezone.now()
    orders = _without_live_certificate(Order.objects.filter(status__in=QUEUE_STATUSES)).aggregate(
        awaiting=Count("pk", filter=Q(status__in=(STATUS_PAID, STATUS_AWAITING_RETIREMENT))),
        retired=Count("pk", filter=Q(status=STATUS_RETIRED)),
    )
    certificates = Certificate.objects.aggregate(
        waiting=Count("pk", filter=Q(status=Certificate.Status.PENDING) & ~Q(waiting_reason="")),
        issued=Count("pk", filter=Q(issued_at__gte=now - datetime.timedelta(days=RECENT_DAYS))),
    )
    return QueueCounts(
        awaiting_retirement=orders["awaiting"],
        retired_awaiting_certificate=orders["retired"],
        waiting_for_registry=certificates["waiting"],
        issued_recently=certificates["issued"],
    )


def certificate_list(*, status: str | None = None, search: str = "") -> QuerySet:
    """Return certificates, newest first, optionally of one status or matching a certificate/order number."""
    certificates = Certificate.objects.select_related("order")
    if status:
        certificates = certificates.filter(status=status)
    search = search.strip()
    if search:
        certificates = certificates.filter(Q(number__icontains=search) | Q(order__number__icontains=search))
    return certificates.order_by("-created_at", "-pk")


def order_for_certificates(*, number: str):
    """Return the order with its lines, allocations and retirements loaded; Order.DoesNotExist if unknown."""
    return Order.objects.select_related("user").prefetch_related(_lines_with_allocations()).get(number=number)


def order_certificates(*, order) -> list[Certificate]:
    """Return the order's certificates, newest first, with what replaced them."""
    return list(
        Certificate.objects.filter(order=order)
        .select_related("supersedes", "superseded_by")
        .order_by("-created_at", "-pk")
    )


def order_certificate_events(*, order) -> list[CertificateEvent]:
    """Return the order's retirement and certificate history, newest first."""
    return list(
        CertificateEvent.objects.filter(order=order)
        .select_related("staff", "certificate")
        .order_by("-created_at", "-pk")
    )


def unretired_allocations(*, order) -> list[Allocation]:
    """Return the order's allocations whose registry retirement is not recorded yet (order prefetched)."""
    return [
        allocation
        for line in order.lines.all()
        for allocation in line.credit_allocations.all()
        if not hasattr(allocation, "retirement")
    ]


def certificate_emails(*, certificates: list[Certificate]) -> dict[str, OutboxMessage]:
    """Each certificate's e-mail in the outbox (sent, or held with the registry's reason), by number."""
    references = {f"certificate:{certificate.number}": certificate.number for certificate in certificates}
    messages = OutboxMessage.objects.filter(reference__in=references).order_by("created_at", "pk")
    return {references[message.reference]: message for message in messages}
