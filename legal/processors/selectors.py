"""Reads of the processor registry: hand-overs of a person's data, processors abroad."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from .models import Processor, ProvisionRecord


def provision_records_of(*, user: AbstractBaseUser) -> QuerySet[ProvisionRecord]:
    """Every hand-over of this person's data (for their disclosure request)."""
    return ProvisionRecord.objects.filter(Q(subject_user=user) | Q(subject_email__iexact=user.email))


def processors_abroad() -> list[dict[str, str]]:
    """Active processors outside Japan (APPI Art. 28): who and where, as shown for consent."""
    return [
        {"processor": processor.name, "country": processor.country, "role": processor.role}
        for processor in Processor.objects.filter(is_active=True).exclude(country="JP").order_by("role")
    ]
