"""Handing the beneficiary name to a registry operator, so staff can retire the credits in that name.

The registry operator is a third party (APPI Art. 27), not an entrusted
processor: the name goes to it only through the gateway's
``third_party_hand_over``, on the consent the customer gave at the final
confirmation page (the snapshot kept with the order), and every hand-over
writes a provision record with the legal basis "consent".
"""

from django.db import transaction
from django.utils.translation import gettext as _

from legal.processors.exceptions import ProvisionRefused
from legal.processors.gateway import ThirdPartyHandOver, third_party_hand_over
from legal.processors.models import PersonalDataField, Purpose

from ..models import Allocation, CertificateEvent
from ..selectors import registry_operator_of


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
            _("Order %(number)s holds no consent to handing the beneficiary name to a registry operator.")
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
