"""The final confirmation page as the gate to payment (特定商取引法 Art. 12-6, 電子消費者契約法 Art. 3).

Showing the page records a digest of what it showed under a random token
(``confirmation_show``). Placing the order needs that token, shown to this
session, unused, fresh, with the same digest recomputed from the basket and
details about to be paid for (``confirmation_use``); it is used once, by an
atomic update. A second click on a used confirmation is answered with the
order the first click placed (``confirmation_order_await``), never with a
second charge.
"""

import hashlib
import json
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class

from legal.documents.models import DocumentVersion
from shop.apps.order.models import CheckoutConfirmation, Order

OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")

# Records are valid for CHECKOUT_CONFIRMATION_MINUTES; a used one is kept longer
# so that a late second click still finds the order the first one placed.
RECORDS_KEPT = timedelta(days=1)
DOUBLE_SUBMIT_POLL_SECONDS = 0.1


class ConfirmationRefused(Exception):
    """The order may not be placed from this confirmation; ``message`` tells the customer why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConfirmationAlreadyUsed(Exception):
    """This confirmation already placed (or is placing) an order: a double submit."""


def confirmation_digest(
    *,
    basket,
    email: str,
    details: dict,
    payment_method: str,
    versions: list[DocumentVersion],
    processors_abroad: list[dict],
    registry_operators: list[dict],
) -> str:
    """SHA-256 of a canonical JSON of what the final confirmation page shows, and the card given."""
    shown = {
        "lines": [
            {
                "product": line.product_id,
                "quantity": line.quantity,
                "unit_price_incl_tax": _yen(line.unit_price_incl_tax),
                "line_price_incl_tax": _yen(line.line_price_incl_tax_incl_discounts),
            }
            for line in basket.all_lines()
        ],
        "total_incl_tax": _yen(basket.total_incl_tax),
        "tax": _yen(basket.total_tax),
        "email": email,
        "beneficiary_name": details.get("beneficiary_name", ""),
        "offset_purpose": details.get("offset_purpose", ""),
        "show_on_verification_page": bool(details.get("show_on_verification_page")),
        # The company purchase as shown: the invoice is addressed to it.
        "buying_for_company": bool(details.get("buying_for_company")),
        "company_name": details.get("company_name", ""),
        "company_department": details.get("company_department", ""),
        "company_contact_name": details.get("company_contact_name", ""),
        "invoice_recipient_name": details.get("invoice_recipient_name", ""),
        # Not shown as such, but charged: a card changed in another tab needs a new confirmation.
        "payment_method": payment_method,
        "legal_versions": [version.pk for version in versions],
        # The recipients as shown for consent (snapshots: countries' outlines and measures included),
        # so a registry edited after the page was shown needs the customer to confirm again.
        "processors_abroad": processors_abroad,
        "registry_operators": registry_operators,
    }
    canonical = json.dumps(shown, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def confirmation_show(*, digest: str, replaces: str = "") -> CheckoutConfirmation:
    """Record a confirmation page about to be shown; it replaces the session's previous unused one."""
    now = timezone.now()
    # Only the page shown last counts, so at most one unused record per session.
    CheckoutConfirmation.objects.filter(token=replaces, used_at=None).delete()
    CheckoutConfirmation.objects.filter(shown_at__lt=now - RECORDS_KEPT).delete()
    return CheckoutConfirmation.objects.create(token=secrets.token_urlsafe(32), digest=digest, shown_at=now)


def confirmation_use(*, token: str, shown_token: str, digest: str, basket) -> CheckoutConfirmation:
    """Use this session's confirmation ``token`` to pay for ``basket``, once.

    Raises ConfirmationRefused unless the page was shown to this session
    (``shown_token``), recently, with exactly ``digest``; raises
    ConfirmationAlreadyUsed when it has been used before.
    """
    # Compared with the session's own token before any query: a posted value is never looked up.
    record = (
        CheckoutConfirmation.objects.filter(token=token).first() if token and token == shown_token else None
    )
    if record is None:
        raise ConfirmationRefused(
            _("Please check your order on this final confirmation page, then place it.")
        )
    if record.used_at is not None:
        raise ConfirmationAlreadyUsed(token)
    now = timezone.now()
    if record.shown_at < now - timedelta(minutes=settings.CHECKOUT_CONFIRMATION_MINUTES):
        raise ConfirmationRefused(
            _("This confirmation page was open for too long. Please check your order again.")
        )
    if record.digest != digest:
        raise ConfirmationRefused(
            _("Your order changed after this confirmation page was shown. Please check it again.")
        )
    order_number = OrderNumberGenerator().order_number(basket)
    # The one atomic step: of two simultaneous submits, only one updates the row.
    used = CheckoutConfirmation.objects.filter(pk=record.pk, used_at=None).update(
        used_at=now, order_number=order_number
    )
    if not used:
        raise ConfirmationAlreadyUsed(token)
    record.used_at, record.order_number = now, order_number
    return record


def confirmation_was_used(*, token: str, shown_token: str) -> bool:
    """Whether this session's confirmation ``token`` has already been used to pay."""
    return bool(
        token
        and token == shown_token
        and CheckoutConfirmation.objects.filter(token=token, used_at__isnull=False).exists()
    )


def confirmation_order_await(*, token: str) -> Order | None:
    """The order placed with the used confirmation ``token``, or None.

    A double click arrives while the first click's payment is under way, so
    this waits up to CHECKOUT_DOUBLE_SUBMIT_WAIT_SECONDS for that order.
    """
    deadline = time.monotonic() + settings.CHECKOUT_DOUBLE_SUBMIT_WAIT_SECONDS
    while True:
        order_number = (
            CheckoutConfirmation.objects.filter(token=token).values_list("order_number", flat=True).first()
        )
        order = Order.objects.filter(number=order_number).first() if order_number else None
        if order is not None or time.monotonic() >= deadline:
            return order
        time.sleep(DOUBLE_SUBMIT_POLL_SECONDS)


def _yen(amount) -> int | None:
    return None if amount is None else int(amount)
