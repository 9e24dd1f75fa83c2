"""Writes of the processor registry: processors and third parties saved with their history, warnings."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from legal.staff.groups import PROCESSOR_ADMINISTRATORS_GROUP

from . import outbox
from .models import CountryDataProtection, Processor, ProcessorChange, Purpose, ThirdParty, ThirdPartyChange
from .signals import processor_registry_changed

logger = logging.getLogger(__name__)

PROCESSOR_HISTORY_FIELDS = [
    "name", "role", "entrustment_purpose", "purposes", "country", "contact", "nda_signed_on",
    "nda_expires_on", "nda_reference", "nda_clauses", "last_reviewed_on", "is_active", "data_scope",
    "measures_ja", "measures_en",
]  # fmt: skip
THIRD_PARTY_HISTORY_FIELDS = [
    "name", "country", "purpose_ja", "purpose_en", "data_scope", "measures_ja", "measures_en", "contact",
    "is_active",
]  # fmt: skip


@transaction.atomic
def processor_save(*, processor: Processor, changed_by: AbstractBaseUser | None) -> Processor:
    """Validate and save a processor, keep its history, and retry work the registry held back."""
    processor.full_clean()
    before = Processor.objects.filter(pk=processor.pk).first() if processor.pk else None
    processor.save()
    changes = _changes(before=before, after=processor, fields=PROCESSOR_HISTORY_FIELDS)
    if changes:
        ProcessorChange.objects.create(processor=processor, changed_by=changed_by, changes=changes)
    from .tasks import outbox_retry_waiting  # tasks import services

    transaction.on_commit(outbox_retry_waiting.delay)
    transaction.on_commit(lambda: processor_registry_changed.send(sender=Processor, processor=processor))
    return processor


@transaction.atomic
def third_party_save(*, third_party: ThirdParty, changed_by: AbstractBaseUser | None) -> ThirdParty:
    """Validate and save a third-party recipient, keeping its history like a processor's."""
    third_party.full_clean()
    before = ThirdParty.objects.filter(pk=third_party.pk).first() if third_party.pk else None
    third_party.save()
    changes = _changes(before=before, after=third_party, fields=THIRD_PARTY_HISTORY_FIELDS)
    if changes:
        ThirdPartyChange.objects.create(third_party=third_party, changed_by=changed_by, changes=changes)
    return third_party


def country_data_protection_save(*, country: CountryDataProtection) -> CountryDataProtection:
    """Validate and save what the shop tells people about a country's system."""
    country.full_clean()
    country.save()
    return country


def _changes(*, before, after, fields: list[str]) -> dict:
    """{field: [before, after]} for each field that differs (all of them for a new record)."""
    return {
        field: [_jsonable(getattr(before, field)) if before else None, _jsonable(getattr(after, field))]
        for field in fields
        if before is None or getattr(before, field) != getattr(after, field)
    }


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def processor_warnings_notify() -> int:
    """E-mail the processor administrators every current warning; return how many processors warn."""
    warnings = {processor: processor.warnings() for processor in Processor.objects.all()}
    warnings = {processor: found for processor, found in warnings.items() if found}
    if not warnings:
        return 0
    lines = [f"- {processor}: {', '.join(found)}" for processor, found in warnings.items()]
    body = "\n".join(["Entrusted processors that need attention:", "", *lines])
    recipients = (
        get_user_model()
        .objects.filter(groups__name=PROCESSOR_ADMINISTRATORS_GROUP, is_active=True)
        .exclude(email="")
    )
    for recipient in recipients:
        outbox.email_enqueue_rendered(
            purpose=Purpose.ACCOUNT_EMAIL,
            recipient=recipient.email,
            subject=f"[{settings.OSCAR_SHOP_NAME}] Entrusted processors need attention",
            body=body,
            subject_user=recipient,
        )
    if not recipients:
        logger.warning("Processor warnings but no processor administrator to tell:\n%s", body)
    return len(warnings)
