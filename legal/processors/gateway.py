"""The one door through which personal data leaves the shop.

Every hand-over to an outside party (payment, e-mail delivery, certificate
issuance) calls ``personal_data_hand_over``. It finds the active processor
for the role, refuses when the registry does not allow the hand-over, keeps
only the fields in the processor's scope, and writes a provision record.
A hand-over to a third party (a registry operator) calls
``third_party_hand_over``, which needs the person's recorded consent instead.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from .exceptions import ProvisionRefused
from .models import (
    PURPOSE_ROLES,
    RECIPIENT_THIRD_PARTY,
    PersonalDataField,
    Processor,
    ProcessorRole,
    ProvisionRecord,
    Purpose,
    ThirdParty,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HandOver:
    processor: Processor
    data: dict[str, Any]
    record: ProvisionRecord


@dataclass(frozen=True)
class ThirdPartyHandOver:
    third_party: ThirdParty
    data: dict[str, Any]
    record: ProvisionRecord


def processor_for(*, role: str, purpose: str) -> Processor:
    """The processor allowed to take ``purpose`` work now; ProvisionRefused says why not."""
    if role not in PURPOSE_ROLES.get(purpose, set()):
        raise ValueError(f"Purpose {purpose!r} is not a purpose of the {role!r} role")
    processor = Processor.objects.filter(role=role, is_active=True).first()
    if processor is None:
        inactive = Processor.objects.filter(role=role).order_by("-pk").first()
        if inactive is not None:
            raise ProvisionRefused(
                _("%(processor)s is inactive.") % {"processor": inactive.name}, processor=inactive
            )
        raise ProvisionRefused(
            _("No processor is registered for the role “%(role)s”.") % {"role": ProcessorRole(role).label}
        )
    if not processor.nda_in_force():
        raise ProvisionRefused(
            _("The NDA with %(processor)s is not in force (signed %(signed)s, expires %(expires)s).")
            % {
                "processor": processor.name,
                "signed": processor.nda_signed_on,
                "expires": processor.nda_expires_on or "—",
            },
            processor=processor,
        )
    if purpose not in processor.purposes:
        raise ProvisionRefused(
            _("%(processor)s is not entrusted with “%(purpose)s”.")
            % {"processor": processor.name, "purpose": Purpose(purpose).label},
            processor=processor,
        )
    return processor


def personal_data_hand_over(
    *,
    role: str,
    purpose: str,
    data: Mapping[str, Any],
    subject_user: AbstractBaseUser | None = None,
    subject_email: str = "",
    reference: str = "",
    required: Iterable[str] = (),
) -> HandOver:
    """Filter ``data`` to the processor's scope and record the hand-over.

    ``data`` maps catalogue field codes (PersonalDataField) to values; every
    key must be in the catalogue. ``required`` names fields without which the
    work cannot be done (e.g. the e-mail address of an e-mail): if the scope
    lacks one, the hand-over is refused before anything is recorded.
    Raises ProvisionRefused (logged) when the registry does not allow it.
    """
    unknown = set(data) - set(PersonalDataField.values)
    if unknown:
        raise ValueError(f"Not in the personal-data catalogue: {sorted(unknown)}")
    try:
        processor = processor_for(role=role, purpose=purpose)
        scope = set(processor.data_scope)
        missing = [field for field in required if field not in scope]
        if missing:
            raise ProvisionRefused(
                _("%(processor)s may not receive %(fields)s, which this work needs.")
                % {
                    "processor": processor.name,
                    "fields": ", ".join(str(PersonalDataField(f).label) for f in missing),
                },
                processor=processor,
            )
    except ProvisionRefused as refused:
        logger.warning("Personal data hand-over refused (%s, %s): %s", role, purpose, refused.reason)
        raise
    handed = {field: value for field, value in data.items() if field in scope and value not in (None, "")}
    record = _provision_record(
        recipient={"processor": processor},
        name=processor.name,
        handed=handed,
        purpose=purpose,
        subject_user=subject_user,
        subject_email=subject_email,
        reference=reference,
    )
    return HandOver(processor=processor, data=handed, record=record)


def _provision_record(
    *, recipient: dict, name: str, handed: dict, purpose: str, subject_user, subject_email: str, **extra
) -> ProvisionRecord:
    """The append-only record of one hand-over: to whom, whose data, which fields, why."""
    if subject_user is not None and not subject_user.is_authenticated:
        subject_user = None
    return ProvisionRecord.objects.create(
        **recipient,
        processor_name=name,
        subject_user=subject_user,
        subject_email=subject_email or (subject_user.email if subject_user else ""),
        fields=sorted(handed),
        purpose=purpose,
        **extra,
    )


def third_party_hand_over(
    *,
    third_party: ThirdParty,
    purpose: str,
    data: Mapping[str, Any],
    consent: Iterable[Mapping[str, Any]],
    subject_user: AbstractBaseUser | None = None,
    subject_email: str = "",
    reference: str = "",
) -> ThirdPartyHandOver:
    """Hand ``data`` to a third party on the person's consent (APPI Art. 27, 28) and record it.

    ``consent`` is what the person agreed to, as stored with the order: a list
    of recipients shown (``recipient_snapshot``). The hand-over needs the
    third party among them, the recipient active, and every field of ``data``
    both in its current scope and in the scope the person agreed to; anything
    else raises ProvisionRefused naming why, before anything is recorded.
    """
    unknown = set(data) - set(PersonalDataField.values)
    if unknown:
        raise ValueError(f"Not in the personal-data catalogue: {sorted(unknown)}")
    try:
        agreed = next(
            (
                shown
                for shown in consent
                if shown.get("kind") == RECIPIENT_THIRD_PARTY and shown.get("id") == third_party.pk
            ),
            None,
        )
        if agreed is None:
            raise ProvisionRefused(
                _("The customer did not consent to their data going to %(recipient)s.")
                % {"recipient": third_party.name}
            )
        if not third_party.is_active:
            raise ProvisionRefused(_("%(recipient)s is inactive.") % {"recipient": third_party.name})
        wanted = {field for field, value in data.items() if value not in (None, "")}
        outside = sorted(wanted - set(third_party.data_scope)) + sorted(
            wanted & set(third_party.data_scope) - set(agreed.get("fields", []))
        )
        if outside:
            raise ProvisionRefused(
                _("%(recipient)s may not receive %(fields)s: not in its scope or the consent given.")
                % {
                    "recipient": third_party.name,
                    "fields": ", ".join(str(PersonalDataField(field).label) for field in outside),
                }
            )
    except ProvisionRefused as refused:
        logger.warning(
            "Third-party provision refused (%s, %s): %s", third_party.name, purpose, refused.reason
        )
        raise
    handed = {field: value for field, value in data.items() if field in wanted}
    record = _provision_record(
        recipient={"third_party": third_party},
        name=third_party.name,
        handed=handed,
        purpose=purpose,
        subject_user=subject_user,
        subject_email=subject_email,
        legal_basis=ProvisionRecord.LEGAL_BASIS_CONSENT,
        reference=reference,
    )
    return ThirdPartyHandOver(third_party=third_party, data=handed, record=record)
