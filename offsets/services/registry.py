"""Handing the beneficiary name to a registry operator, so staff can retire the credits in that name.

The registry operator is a third party (APPI Art. 27), not an entrusted
processor: the name goes to it only through the gateway's
``third_party_hand_over``, on the consent the customer gave at the final
confirmation page (the snapshot kept with the order), and every hand-over
writes a provision record with the legal basis "consent".
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from legal.processors import outbox
from legal.processors.exceptions import ProvisionRefused
from legal.processors.gateway import ThirdPartyHandOver, third_party_hand_over
from legal.processors.models import RECIPIENT_THIRD_PARTY, OutboxMessage, PersonalDataField, Purpose
from legal.processors.selectors import recipient_snapshot

from ..models import Allocation, CertificateEvent
from ..selectors import registry_operator_of, registry_operators_for


@transaction.atomic
def beneficiary_hand_over_to_registry(*, order, allocation_id: int, staff) -> ThirdPartyHandOver:
    """Give the operator of the allocation's registry the order's beneficiary name; return what it got.

    Raises ProvisionRefused naming why not: the allocation is not this order's,
    the registry has no operator, the order holds no consent to it (placed
    before consent was asked, or to another operator), or the gateway refuses
    (operator inactive, name outside its scope or the scope consented to).
    """
    allocation = (
        Allocation.objects.filter(pk=allocation_id, order_line__order=order)
        .select_related("batch__project")
        .first()
    )
    if allocation is None:
        raise ProvisionRefused(
            _("That allocation is not part of order %(number)s.") % {"number": order.number}
        )
    operator = registry_operator_of(batch=allocation.batch)
    if operator is None:
        raise ProvisionRefused(
            _("No registry operator is registered for %(registry)s.")
            % {"registry": allocation.batch.project.get_registry_display()}
        )
    if not order.third_party_consent:
        raise ProvisionRefused(
            _(
                "Order %(number)s holds no consent to handing the beneficiary name to a registry operator: "
                "ask the customer for it by e-mail (button below)."
            )
            % {"number": order.number}
        )
    handed = third_party_hand_over(
        third_party=operator,
        purpose=Purpose.REGISTRY_RETIREMENT,
        data={PersonalDataField.BENEFICIARY_NAME: order.beneficiary_name},
        consent=order.third_party_consent,
        subject_user=order.user,
        subject_email=order.email or "",
        reference=f"order {order.number} / {allocation}",
    )
    CertificateEvent.objects.create(
        order=order,
        action=CertificateEvent.Action.BENEFICIARY_HANDED_OVER,
        staff=staff if staff is not None and staff.is_authenticated else None,
        note=_("%(operator)s, for %(serials)s (provision record %(record)s)")
        % {"operator": operator.name, "serials": allocation, "record": handed.record.pk},
    )
    return handed


# Orders placed before the final confirmation page asked this consent hold none, and the terms
# promise retirement in the beneficiary's name: the customer is asked afterwards, by e-mail, on a
# page that shows the same information as the confirmation page (APPI Art. 27, 28(2)).
CONSENT_LINK_SALT = "offsets.registry-consent"
CONSENT_LINK_MAX_AGE = datetime.timedelta(days=30)


class ConsentLinkInvalid(Exception):
    """The consent link is not one the shop sent, or it is too old."""


def registry_consent_missing(*, order) -> list[dict]:
    """What the customer must still be shown and agree to: a snapshot per operator the order lacks.

    Raises ProvisionRefused when a batch's registry has no operator, or the information
    about an operator abroad is incomplete: no valid consent can be asked then.
    """
    # The batch each line was bought from (a product deleted since has none) and every batch its
    # serials came from: any of them may be retired in the beneficiary's name.
    batches = {
        line.product.credit_batch
        for line in order.lines.select_related("product__credit_batch__project")
        if line.product is not None
    }
    batches |= {
        allocation.batch
        for allocation in Allocation.objects.filter(order_line__order=order).select_related("batch__project")
    }
    found = registry_operators_for(batches=[batch for batch in batches if batch is not None])
    if found.unregistered:
        raise ProvisionRefused(
            _("No registry operator is registered for %(registry)s.")
            % {"registry": ", ".join(found.unregistered)}
        )
    agreed = {
        shown.get("id")
        for shown in order.third_party_consent or []
        if shown.get("kind") == RECIPIENT_THIRD_PARTY
    }
    missing = [
        recipient_snapshot(recipient=operator) for operator in found.operators if operator.pk not in agreed
    ]
    incomplete = [snapshot["name"] for snapshot in missing if not snapshot["complete"]]
    if incomplete:
        raise ProvisionRefused(
            _("The information about %(recipient)s is incomplete: complete it in the admin first.")
            % {"recipient": ", ".join(incomplete)}
        )
    return missing


def registry_consent_digest(*, shown: list[dict]) -> str:
    """A fingerprint of what the consent page shows, sent back with the form: consent covers exactly that."""
    return hashlib.sha256(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def registry_consent_request(*, order, staff) -> OutboxMessage:
    """E-mail the customer a link to consent to the registry operators the order still lacks.

    Raises ProvisionRefused when nothing is missing, no consent can be asked (see
    ``registry_consent_missing``), or the order has no e-mail address.
    """
    missing = registry_consent_missing(order=order)
    if not missing:
        raise ProvisionRefused(
            _("Order %(number)s already holds consent to every registry operator it needs.")
            % {"number": order.number}
        )
    if not order.email:
        raise ProvisionRefused(_("Order %(number)s has no e-mail address to ask.") % {"number": order.number})
    token = signing.dumps({"order": order.number}, salt=CONSENT_LINK_SALT)
    base = settings.SHOP_BASE_URL.rstrip("/")
    with translation.override("ja"):
        link_ja = base + reverse("offsets:registry-consent", kwargs={"token": token})
    with translation.override("en"):
        link_en = base + reverse("offsets:registry-consent", kwargs={"token": token})
    message = outbox.email_enqueue(
        purpose=Purpose.ORDER_EMAIL,
        recipient=order.email,
        template="offsets/emails/registry_consent",
        personal_data={
            PersonalDataField.NAME: order.user.get_full_name() if order.user else "",
            PersonalDataField.ORDER_NUMBER: order.number,
        },
        context={
            "operators": [snapshot["name"] for snapshot in missing],
            "link_ja": link_ja,
            "link_en": link_en,
            "valid_days": CONSENT_LINK_MAX_AGE.days,
        },
        subject_user=order.user,
        reference=f"registry consent / order {order.number}",
    )
    CertificateEvent.objects.create(
        order=order,
        action=CertificateEvent.Action.REGISTRY_CONSENT_REQUESTED,
        staff=staff if staff is not None and staff.is_authenticated else None,
        note=f"{', '.join(s['name'] for s in missing)}: outbox message {message.pk} to {message.recipient}",
    )
    return message


def registry_consent_order_number(*, token: str) -> str:
    """The order number a consent link was sent for; ConsentLinkInvalid if forged or expired."""
    try:
        payload = signing.loads(token, salt=CONSENT_LINK_SALT, max_age=CONSENT_LINK_MAX_AGE)
    except signing.BadSignature as invalid:  # SignatureExpired is one too
        raise ConsentLinkInvalid(str(invalid)) from invalid
    if not isinstance(payload, dict) or not isinstance(payload.get("order"), str):
        raise ConsentLinkInvalid("no order in the link")
    return payload["order"]


@transaction.atomic
def registry_consent_record(*, order, shown: list[dict]) -> list[dict]:
    """Keep the customer's consent to the operators ``shown`` on the consent page, with the order.

    ``shown`` is what the page displayed (``registry_consent_missing``); each snapshot is
    stored as shown, stamped with when and how it was agreed, next to the consent from the
    checkout. Returns the order's consent as now stored.
    """
    order = type(order).objects.select_for_update().get(pk=order.pk)
    agreed_at = timezone.now().isoformat()
    known = {
        earlier.get("id")
        for earlier in order.third_party_consent or []
        if earlier.get("kind") == RECIPIENT_THIRD_PARTY
    }
    added = [
        {**snapshot, "agreed_at": agreed_at, "agreed_on": "consent link"}
        for snapshot in shown
        if snapshot.get("id") not in known
    ]
    if added:
        order.third_party_consent = [*(order.third_party_consent or []), *added]
        order.save(update_fields=["third_party_consent"])
        CertificateEvent.objects.create(
            order=order,
            action=CertificateEvent.Action.REGISTRY_CONSENT_GIVEN,
            note=", ".join(snapshot["name"] for snapshot in added),
        )
    return order.third_party_consent
