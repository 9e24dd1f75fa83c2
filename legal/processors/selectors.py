"""Reads of the processor registry: hand-overs of a person's data, recipients shown for consent."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from .models import (
    RECIPIENT_PROCESSOR,
    RECIPIENT_THIRD_PARTY,
    CountryDataProtection,
    PersonalDataField,
    Processor,
    ProvisionRecord,
    ThirdParty,
)

HOME_COUNTRY = "JP"
LANGUAGES = ("ja", "en")


def provision_records_of(*, user: AbstractBaseUser) -> QuerySet[ProvisionRecord]:
    """Every hand-over of this person's data (for their disclosure request)."""
    return ProvisionRecord.objects.filter(Q(subject_user=user) | Q(subject_email__iexact=user.email))


def processors_abroad() -> list[dict]:
    """Active processors outside Japan as shown for consent to the transfer (APPI Art. 28(2)).

    Each is a ``recipient_snapshot``: who, where, the country's system and the recipient's measures.
    """
    processors = (
        Processor.objects.filter(is_active=True).exclude(country=HOME_COUNTRY).order_by("role", "name")
    )
    return [recipient_snapshot(recipient=processor) for processor in processors]


def recipient_snapshot(*, recipient: Processor | ThirdParty) -> dict:
    """What the customer is shown about one recipient before consenting, as plain JSON.

    Kept with the order as it was shown (never a reference that can change
    later): the recipient, its country with that country's name and system
    outline (from CountryDataProtection), the recipient's measures, what it
    does with the data and which fields it may receive, in both languages.
    ``complete`` is False when a recipient abroad lacks any of this, so no
    valid consent can be given.
    """
    abroad = recipient.country != HOME_COUNTRY
    country = CountryDataProtection.objects.filter(code=recipient.country).first()
    if isinstance(recipient, Processor):
        kind, purpose = RECIPIENT_PROCESSOR, dict.fromkeys(LANGUAGES, recipient.entrustment_purpose)
    else:
        kind, purpose = RECIPIENT_THIRD_PARTY, {"ja": recipient.purpose_ja, "en": recipient.purpose_en}
    snapshot = {
        "kind": kind,
        "id": recipient.pk,
        "name": recipient.name,
        "country": recipient.country,
        "abroad": abroad,
        "fields": sorted(recipient.data_scope),
        "purpose": purpose,
        "measures": {"ja": recipient.measures_ja, "en": recipient.measures_en},
        "country_name": {"ja": country.name_ja, "en": country.name_en} if country else {},
        "system_outline": {"ja": country.system_outline_ja, "en": country.system_outline_en}
        if country
        else {},
        "system_source": country.source if country else "",
        "system_checked_on": country.checked_on.isoformat() if country else "",
    }
    snapshot["complete"] = not abroad or bool(
        country and all(snapshot["measures"].values()) and all(snapshot["system_outline"].values())
    )
    return snapshot


def recipient_shown(*, snapshot: dict, language: str) -> dict:
    """One snapshot in the page's language, for templates: names, outline, measures, field labels."""
    language = language if language in LANGUAGES else LANGUAGES[0]

    def pick(key: str) -> str:
        return (snapshot.get(key) or {}).get(language, "")

    return {
        "name": snapshot["name"],
        "country": snapshot["country"],
        "abroad": snapshot["abroad"],
        "country_name": pick("country_name") or snapshot["country"],
        "system_outline": pick("system_outline"),
        "measures": pick("measures"),
        "purpose": pick("purpose"),
        "fields": [
            str(PersonalDataField(code).label)
            for code in snapshot["fields"]
            if code in PersonalDataField.values
        ],
        "complete": snapshot["complete"],
    }
