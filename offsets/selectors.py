"""Reads of the carbon domain."""

from django.db.models import QuerySet

from .models import CreditBatch, OffsetProject


def batch_available_tonnes(*, batch: CreditBatch) -> int:
    """Return the tonnes of ``batch`` still for sale.

    Today every issued tonne is for sale; reservations and allocations of
    serial ranges (the checkout) will be subtracted here.
    """
    return batch.tonnes_issued


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
