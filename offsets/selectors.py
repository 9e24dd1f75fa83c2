"""Reads of the carbon domain."""

import datetime
import secrets
from dataclasses import dataclass

from django.db.models import Case, F, Prefetch, QuerySet, Sum, Value, When
from django.utils import timezone

from .models import Certificate, CertificateSerialRange, CreditBatch, OffsetProject, Reservation


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


def certificate_for_verification(*, number: str) -> Certificate | None:
    """Return the certificate numbered ``number`` if the public may see it (not pending), else None.

    Its serial ranges come prefetched with their retirement, batch and project.
    """
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
