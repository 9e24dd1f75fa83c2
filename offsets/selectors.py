"""Reads of the carbon domain."""

import datetime

from django.db.models import F, QuerySet, Sum
from django.utils import timezone

from .models import CreditBatch, OffsetProject, Reservation


def batch_available_tonnes(*, batch: CreditBatch, now: datetime.datetime | None = None) -> int:
    """Return the tonnes of ``batch`` for sale: issued, less sold, less held by live reservations."""
    return (
        batch.tonnes_issued
        - batch_allocated_tonnes(batch=batch)
        - batch_reserved_tonnes(batch=batch, now=now)
    )


def batch_allocated_tonnes(*, batch: CreditBatch) -> int:
    sold = batch.allocations.aggregate(tonnes=Sum(F("serial_last") - F("serial_first") + 1))
    return sold["tonnes"] or 0


def batch_reserved_tonnes(*, batch: CreditBatch, now: datetime.datetime | None = None) -> int:
    """Tonnes held by reservations that are active and not expired."""
    live = batch.reservations.filter(status=Reservation.Status.ACTIVE, expires_at__gt=now or timezone.now())
    return live.aggregate(total=Sum("tonnes"))["total"] or 0


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


def projects_for_home() -> QuerySet[OffsetProject]:
    """Return the projects with at least one batch, with their batches' products, for listing."""
    return (
        OffsetProject.objects.filter(batches__isnull=False)
        .distinct()
        .prefetch_related("batches__product")
        .order_by("name")
    )
