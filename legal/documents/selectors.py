"""Reads of legal documents: which version is in force, upcoming, accepted."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from .models import ACCEPTED_KINDS, REACCEPTED_KINDS, Acceptance, ChangeNotice, DocumentVersion


def _today() -> datetime.date:
    return timezone.localdate()  # Asia/Tokyo: a version comes into force at midnight JST


def versions_published(*, kind: str) -> QuerySet[DocumentVersion]:
    """Every published version of ``kind``, newest first (the public history)."""
    return DocumentVersion.objects.published().filter(document__kind=kind).order_by("-number")


def version_in_force(*, kind: str, on: datetime.date | None = None) -> DocumentVersion | None:
    """The published version of ``kind`` in force on ``on`` (today), or None."""
    return (
        versions_published(kind=kind)
        .filter(effective_on__lte=on or _today())
        .order_by("-effective_on", "-number")
        .first()
    )


def version_upcoming(*, kind: str) -> DocumentVersion | None:
    """The next published version of ``kind`` that is not in force yet, or None."""
    return versions_published(kind=kind).filter(effective_on__gt=_today()).order_by("effective_on").first()


def version_by_number(*, kind: str, number: int) -> DocumentVersion | None:
    return versions_published(kind=kind).filter(number=number).first()


def versions_to_accept() -> list[DocumentVersion]:
    """The versions in force a customer accepts now (terms, privacy, disclaimer)."""
    versions = [version_in_force(kind=kind) for kind in ACCEPTED_KINDS]
    return [version for version in versions if version is not None]


def reacceptance_required(*, user: AbstractBaseUser) -> list[DocumentVersion]:
    """The versions in force that ``user`` must accept before the next purchase.

    For the terms and the privacy policy: once a material version is in force,
    a member who has accepted neither it nor a later version must accept the
    version now in force. The checkout calls this before taking payment.
    """
    if not user.is_authenticated:
        return []
    today = _today()
    required = []
    for kind in REACCEPTED_KINDS:
        in_force = version_in_force(kind=kind, on=today)
        if in_force is None:
            continue
        last_material = (
            versions_published(kind=kind)
            .filter(is_material=True, effective_on__lte=today, number__lte=in_force.number)
            .order_by("-number")
            .first()
        )
        if last_material is None:
            continue
        accepted = Acceptance.objects.filter(
            user=user, version__document__kind=kind, version__number__gte=last_material.number
        ).exists()
        if not accepted:
            required.append(in_force)
    return required


def notices_unseen(*, user: AbstractBaseUser) -> QuerySet[ChangeNotice]:
    """Change notices ``user`` has not seen yet, for the banner shown on every page."""
    return (
        ChangeNotice.objects.filter(user=user, seen_at__isnull=True)
        .select_related("version__document")
        .order_by("version__published_at")
    )


def acceptances_of(*, user: AbstractBaseUser) -> QuerySet[Acceptance]:
    return Acceptance.objects.filter(user=user).select_related("version__document", "order")


def version_state(*, version: DocumentVersion, in_force: DocumentVersion | None) -> str:
    """'draft', 'in_force', 'upcoming' (published, not in force yet) or 'superseded'."""
    if not version.is_published:
        return "draft"
    if in_force is not None and version.pk == in_force.pk:
        return "in_force"
    if version.effective_on > _today():
        return "upcoming"
    return "superseded"
