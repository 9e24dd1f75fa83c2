"""Reads of the carbon domain.

Batches and projects; certificates (public verification, PDF download, an order's current one);
the certificates dashboard (the queue, its counts, the list, an order's certificate record).
"""

import datetime
import re
import secrets
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from legal.processors.models import OutboxMessage

from .models import (
    Allocation,
    Certificate,
    CertificateEvent,
    CertificateSerialRange,
    CreditBatch,
    OffsetProject,
    Registry,
    RegistryOperator,
    Reservation,
    Substitution,
)
from .order_statuses import STATUS_AWAITING_RETIREMENT, STATUS_PAID, STATUS_RETIRED

Order = get_model("order", "Order")
Line = get_model("order", "Line")

# Certificate numbers read "OM-2026-000123"; the prefix is a setting and may have changed since.
_CERTIFICATE_NUMBER = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def batch_available_tonnes(*, batch: CreditBatch, now: datetime.datetime | None = None) -> int:
    """Return the tonnes of ``batch`` for sale: issued, less sold, less held by live reservations,
    less promised to customers by scheduled substitutions."""
    return (
        batch.tonnes_issued
        - batch_allocated_tonnes(batch=batch)
        - batch_reserved_tonnes(batch=batch, now=now)
        - batch_substitution_tonnes(batch=batch)
    )


def batch_scheduled_substitutions(*, batch: CreditBatch) -> QuerySet[Substitution]:
    """Scheduled substitutions from ``batch``: their tonnes are held until carried out or cancelled."""
    return Substitution.objects.filter(substitute_batch=batch, status=Substitution.Status.SCHEDULED)


def batch_substitution_tonnes(*, batch: CreditBatch) -> int:
    """Tonnes of ``batch`` the customers of scheduled substitutions were told they will get."""
    return batch_scheduled_substitutions(batch=batch).aggregate(total=Sum("tonnes"))["total"] or 0


def batch_allocated_tonnes(*, batch: CreditBatch) -> int:
    sold = batch.allocations.aggregate(tonnes=Sum(F("serial_last") - F("serial_first") + 1))
    return sold["tonnes"] or 0


def batch_live_reservations(
    *, batch: CreditBatch, now: datetime.datetime | None = None
) -> QuerySet[Reservation]:
    """Reservations of ``batch`` that are active and not expired: the tonnes held for payments in progress."""
    return batch.reservations.filter(status=Reservation.Status.ACTIVE, expires_at__gt=now or timezone.now())


def batch_reserved_tonnes(*, batch: CreditBatch, now: datetime.datetime | None = None) -> int:
    """Tonnes held by reservations that are active and not expired."""
    return batch_live_reservations(batch=batch, now=now).aggregate(total=Sum("tonnes"))["total"] or 0


# --- The same figures for many batches at once (a bulk order), one grouped query each ---------


def batches_allocated_tonnes(*, batch_ids) -> dict[int, int]:
    """Tonnes sold per batch id (batches with none are missing from the answer)."""
    return dict(
        Allocation.objects.filter(batch_id__in=batch_ids)
        .order_by()
        .values("batch_id")
        .annotate(tonnes=Sum(F("serial_last") - F("serial_first") + 1))
        .values_list("batch_id", "tonnes")
    )


def batches_live_reservations(*, batch_ids, now: datetime.datetime) -> QuerySet[Reservation]:
    """The active, unexpired reservations of these batches, soonest to expire first."""
    return Reservation.objects.filter(
        batch_id__in=batch_ids, status=Reservation.Status.ACTIVE, expires_at__gt=now
    ).order_by("expires_at", "pk")


def batches_scheduled_substitutions(*, batch_ids) -> QuerySet[Substitution]:
    """Scheduled substitutions from these batches (their tonnes are held), oldest first."""
    return Substitution.objects.filter(
        substitute_batch_id__in=batch_ids, status=Substitution.Status.SCHEDULED
    ).order_by("pk")


def batches_available_tonnes(*, batches, now: datetime.datetime) -> dict[int, int]:
    """``batch_available_tonnes`` for each batch, by id, in three queries whatever their number."""
    batch_ids = [batch.pk for batch in batches]
    allocated = batches_allocated_tonnes(batch_ids=batch_ids)
    held: dict[int, int] = {}
    for batch_id, tonnes in batches_live_reservations(batch_ids=batch_ids, now=now).values_list(
        "batch_id", "tonnes"
    ):
        held[batch_id] = held.get(batch_id, 0) + tonnes
    for batch_id, tonnes in batches_scheduled_substitutions(batch_ids=batch_ids).values_list(
        "substitute_batch_id", "tonnes"
    ):
        held[batch_id] = held.get(batch_id, 0) + tonnes
    return {
        batch.pk: batch.tonnes_issued - allocated.get(batch.pk, 0) - held.get(batch.pk, 0)
        for batch in batches
    }


def batch_overlapping(
    *, serial_prefix: str, serial_first: int, serial_last: int, exclude_pk: int | None = None
) -> QuerySet[CreditBatch]:
    """Return the batches whose serial range under ``serial_prefix`` overlaps the given one."""
    overlapping = CreditBatch.objects.filter(
        serial_prefix=serial_prefix, serial_first__lte=serial_last, serial_last__gte=serial_first
    )
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    return overlapping.select_related("project")


# --- Substitution (instead of refunds) ----------------------------------------------


def substitute_batches(
    *, batch: CreditBatch, tonnes: int, now: datetime.datetime | None = None
) -> QuerySet[CreditBatch]:
    """The batches that may replace ``tonnes`` of ``batch``: the "same kind" rule, in one place.

    Same registry / standard, same removal-or-avoidance type, same project category, the same
    ICVCM CCP label status and corresponding-adjustment status (a buyer who paid for labelled or
    adjusted credits gets labelled or adjusted ones, and vice versa), the same or a later vintage,
    and at least ``tonnes`` for sale now (issued, less sold, less live holds, less tonnes promised
    by scheduled substitutions).
    Annotated with ``tonnes_for_sale``; newest vintage last, so the closest match comes first.
    """
    now = now or timezone.now()
    sold = (
        Allocation.objects.filter(batch=OuterRef("pk"))
        .values("batch")
        .annotate(tonnes=Sum(F("serial_last") - F("serial_first") + 1))
        .values("tonnes")
    )
    held = (
        Reservation.objects.filter(batch=OuterRef("pk"), status=Reservation.Status.ACTIVE, expires_at__gt=now)
        .values("batch")
        .annotate(tonnes=Sum("tonnes"))
        .values("tonnes")
    )
    promised = (
        Substitution.objects.filter(substitute_batch=OuterRef("pk"), status=Substitution.Status.SCHEDULED)
        .values("substitute_batch")
        .annotate(tonnes=Sum("tonnes"))
        .values("tonnes")
    )
    project = batch.project
    return (
        CreditBatch.objects.filter(
            project__registry=project.registry,
            project__offset_type=project.offset_type,
            project__category=project.category,
            project__ccp_label=project.ccp_label,
            project__corresponding_adjustment=project.corresponding_adjustment,
            vintage__gte=batch.vintage,
        )
        .exclude(pk=batch.pk)
        .annotate(
            tonnes_for_sale=F("serial_last")
            - F("serial_first")
            + 1
            - Coalesce(Subquery(sold), 0)
            - Coalesce(Subquery(held), 0)
            - Coalesce(Subquery(promised), 0)
        )
        .filter(tonnes_for_sale__gte=tonnes)
        .select_related("project")
        .order_by("vintage", "pk")
    )


def line_tonnes_without_serials(*, line) -> int:
    """Tonnes a paid order line has no serials for yet (its batch could not deliver them)."""
    allocated = line.credit_allocations.aggregate(tonnes=Sum(F("serial_last") - F("serial_first") + 1))
    return line.quantity - (allocated["tonnes"] or 0)


def line_tonnes_to_substitute(*, line) -> int:
    """Tonnes of ``line`` without serials and without a substitution scheduled for them."""
    scheduled = Substitution.objects.filter(order_line=line, status=Substitution.Status.SCHEDULED).aggregate(
        tonnes=Sum("tonnes")
    )
    return line_tonnes_without_serials(line=line) - (scheduled["tonnes"] or 0)


def order_lines_to_substitute(*, order) -> set[int]:
    """Ids of the order's lines with tonnes that have neither serials nor a scheduled substitution.

    ``line_tonnes_to_substitute`` for every line at once: two grouped queries for a 30-line order.
    """
    allocated = dict(
        Allocation.objects.filter(order_line__order=order)
        .order_by()
        .values("order_line_id")
        .annotate(tonnes=Sum(F("serial_last") - F("serial_first") + 1))
        .values_list("order_line_id", "tonnes")
    )
    scheduled = dict(
        Substitution.objects.filter(order_line__order=order, status=Substitution.Status.SCHEDULED)
        .order_by()
        .values("order_line_id")
        .annotate(tonnes=Sum("tonnes"))
        .values_list("order_line_id", "tonnes")
    )
    return {
        line.pk
        for line in order.lines.all()
        if line.quantity - allocated.get(line.pk, 0) - scheduled.get(line.pk, 0) > 0
    }


def order_substitutions(*, order) -> list[Substitution]:
    """The order's substitutions (scheduled, carried out, cancelled), newest first, with their notices."""
    substitutions = list(
        Substitution.objects.filter(order_line__order=order)
        .select_related("original_batch__project", "substitute_batch__project", "allocation", "order_line")
        .order_by("-scheduled_at", "-pk")
    )
    notices = {
        message.reference: message
        for message in OutboxMessage.objects.filter(
            reference__in=[substitution.notice_reference for substitution in substitutions]
        )
    }
    for substitution in substitutions:
        substitution.notice = notices.get(substitution.notice_reference)
    return substitutions


def substitutions_due(*, now: datetime.datetime | None = None) -> QuerySet[Substitution]:
    """Scheduled substitutions whose notice period is over (the notice itself is checked when carried out)."""
    return Substitution.objects.filter(
        status=Substitution.Status.SCHEDULED, due_at__lte=now or timezone.now()
    ).order_by("due_at", "pk")


def projects_for_home(*, batches_listed: int) -> list[OffsetProject]:
    """Return the projects with a batch on sale, each with ``batches_shown`` (its newest
    ``batches_listed`` batches on sale, with their products) and ``batches_more`` (how many others)."""
    # Two queries whatever the number of batches: the batches come with their products in one
    # join (prefetching the products separately would list every product id in the query).
    on_sale = CreditBatch.objects.filter(product__is_public=True).select_related("product")
    on_sale = on_sale.order_by("-vintage", "pk")
    projects = list(
        OffsetProject.objects.filter(batches__product__is_public=True)
        .distinct()
        .prefetch_related(Prefetch("batches", queryset=on_sale, to_attr="batches_on_sale"))
        .order_by("name")
    )
    for project in projects:
        project.batches_shown = project.batches_on_sale[:batches_listed]
        project.batches_more = len(project.batches_on_sale) - len(project.batches_shown)
    return projects


# --- Certificates ---------------------------------------------------------------


@dataclass(frozen=True)
class CertificateVerification:
    """What the public verification page of one certificate may show."""

    certificate: Certificate
    ranges: list[CertificateSerialRange]
    # For a superseded certificate: the one that replaced it, following reissues to the newest.
    replacement: Certificate | None
    # The beneficiary and purpose: only with the certificate's token, or when the buyer chose to list them.
    shows_personal: bool


def certificate_token_matches(*, certificate: Certificate, token: str) -> bool:
    """Whether ``token`` is the certificate's own (a constant-time comparison)."""
    return bool(token) and secrets.compare_digest(token.encode(), certificate.token.encode())


def certificate_number_possible(*, number: str) -> bool:
    """Whether a certificate could be numbered ``number``: hyphenated letters and digits, short enough.

    Anything else is not looked up at all: no such certificate can exist.
    """
    fits = len(number) <= Certificate._meta.get_field("number").max_length
    return fits and _CERTIFICATE_NUMBER.fullmatch(number) is not None


def certificate_for_verification(*, number: str) -> Certificate | None:
    """Return the certificate numbered ``number`` if the public may see it (not pending), else None.

    Its serial ranges come prefetched with their retirement, batch and project.
    """
    if not certificate_number_possible(number=number):
        return None
    ranges = CertificateSerialRange.objects.select_related("retirement__allocation__batch__project").order_by(
        "serial_prefix", "serial_first"
    )
    return (
        Certificate.objects.exclude(status=Certificate.Status.PENDING)
        .select_related("supersedes", "superseded_by")
        .prefetch_related(Prefetch("serial_ranges", queryset=ranges))
        .filter(number=number)
        .first()
    )


def certificate_replacement(*, certificate: Certificate) -> Certificate | None:
    """The newest certificate in the chain of reissues after ``certificate``; None if not superseded."""
    replacement = None
    current = certificate
    while current.status == Certificate.Status.SUPERSEDED:
        try:
            current = current.superseded_by
        except Certificate.DoesNotExist:
            break
        replacement = current
    return replacement


def certificate_verification(*, number: str, token: str = "") -> CertificateVerification | None:
    """Return what the verification page of certificate ``number`` shows; None when there is none to show.

    A revoked certificate never shows anyone's name; walking numbers without
    tokens reveals nothing personal unless the buyer chose to list it.
    """
    certificate = certificate_for_verification(number=number)
    if certificate is None:
        return None
    shows_personal = certificate.status != Certificate.Status.REVOKED and (
        certificate.show_publicly or certificate_token_matches(certificate=certificate, token=token)
    )
    return CertificateVerification(
        certificate=certificate,
        ranges=list(certificate.serial_ranges.all()),
        replacement=certificate_replacement(certificate=certificate),
        shows_personal=shows_personal,
    )


def certificate_pdf_for(*, number: str, token: str, user) -> Certificate | None:
    """Return the certificate whose PDF this requester may download, else None.

    A valid certificate's PDF is for whoever holds its token, the customer
    whose order it is, and staff allowed to view certificates; staff may
    also download a superseded one. Nothing else, so the answer never tells
    whether a number exists.
    """
    if not certificate_number_possible(number=number):
        return None
    certificate = (
        Certificate.objects.filter(
            number=number, status__in=[Certificate.Status.VALID, Certificate.Status.SUPERSEDED]
        )
        .select_related("order")
        .first()
    )
    if certificate is None or not certificate.pdf:
        return None
    is_staff = user.is_authenticated and user.is_staff and user.has_perm("offsets.view_certificate")
    if certificate.status == Certificate.Status.SUPERSEDED:
        return certificate if is_staff else None
    is_owner = user.is_authenticated and certificate.order.user_id == user.pk
    if is_staff or is_owner or certificate_token_matches(certificate=certificate, token=token):
        return certificate
    return None


def certificate_of_order(*, order) -> Certificate | None:
    """The order's current certificate: the pending or valid one, else the latest revoked, else None."""
    return (
        Certificate.objects.filter(order=order)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .order_by(
            Case(When(status__in=Certificate.LIVE_STATUSES, then=Value(0)), default=Value(1)),
            "-created_at",
            "-pk",
        )
        .first()
    )


# --- Certificates dashboard ------------------------------------------------------
# Every list is fetched in a fixed number of queries, however many orders it shows.

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


def order_allocations_by_pk(*, order: Order) -> dict[int, Allocation]:
    """Return the order's allocations (serials, retirement) keyed by primary key (order prefetched)."""
    return {
        allocation.pk: allocation
        for line in order.lines.all()
        for allocation in line.credit_allocations.all()
    }


def certificate_emails(*, certificates: list[Certificate]) -> dict[str, OutboxMessage]:
    """Each certificate's e-mail in the outbox (sent, or held with the registry's reason), by number."""
    references = {f"certificate:{certificate.number}": certificate.number for certificate in certificates}
    messages = OutboxMessage.objects.filter(reference__in=references).order_by("created_at", "pk")
    return {references[message.reference]: message for message in messages}


@dataclass(frozen=True)
class RegistryOperators:
    """The registry operators the batches in a basket hand the beneficiary to, and registries without one."""

    operators: list  # legal.processors ThirdParty, each once
    unregistered: list[str]  # registry labels without an operator: those batches cannot be sold


def registry_operators_for(*, batches: list[CreditBatch]) -> RegistryOperators:
    """The active registry operator of each batch's registry (``RegistryOperator``), each once."""
    registries = sorted({batch.project.registry for batch in batches})
    mapped = {
        mapping.registry: mapping.operator
        for mapping in RegistryOperator.objects.filter(registry__in=registries).select_related("operator")
    }
    operators = {}
    unregistered = []
    for registry in registries:
        operator = mapped.get(registry)
        if operator is None or not operator.is_active:
            unregistered.append(str(Registry(registry).label))
        else:
            operators[operator.pk] = operator
    return RegistryOperators(operators=list(operators.values()), unregistered=unregistered)


def registry_operator_of(*, batch: CreditBatch):
    """The registry operator (a legal.processors ThirdParty) of this batch's registry, or None."""
    mapping = (
        RegistryOperator.objects.filter(registry=batch.project.registry).select_related("operator").first()
    )
    return mapping.operator if mapping else None
