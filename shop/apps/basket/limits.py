"""What one basket can be paid with: at most the largest card payment Stripe takes in yen.

The basket page, the messages after tonnes are added and every checkout step ask
``payment_limit_problem``; the payment service asks again before anything is reserved or charged.
"""

from django.conf import settings
from django.utils.translation import gettext as _


def card_payment_too_large(total: int) -> bool:
    """True when ``total`` yen is more than one card payment can be (ORDER_TOTAL_MAX_YEN)."""
    return total > settings.ORDER_TOTAL_MAX_YEN


def payment_limit_problem(*, basket) -> str:
    """Why the basket cannot be paid by card in one order (its total is above Stripe's), or ""."""
    total = int(basket.total_incl_tax)
    if not card_payment_too_large(total):
        return ""
    return _(
        "A card payment can be at most ¥%(limit)s per order, and this basket comes to ¥%(total)s. "
        "Please reduce the tonnes or split them into several orders."
    ) % {"limit": f"{settings.ORDER_TOTAL_MAX_YEN:,}", "total": f"{total:,}"}
