"""Whole-yen money rules.

Prices are set and shown tax-inclusive (総額表示). The consumption tax is not
added to a price but contained in it, and it is computed once per order and
per rate on the tax-inclusive total, rounded down: ``total * 10 // 110`` at
10 %. Every amount is whole yen; any fraction (from a percentage discount,
say) is dropped.
"""

from decimal import ROUND_DOWN, Decimal

from django.conf import settings

ONE_YEN = Decimal("1")


def yen(amount: Decimal | int) -> Decimal:
    """Return ``amount`` cut down to whole yen, as a Decimal with no fraction."""
    return Decimal(amount).quantize(ONE_YEN, rounding=ROUND_DOWN)


def tax_rate_percent() -> int:
    return settings.CONSUMPTION_TAX_RATE_PERCENT


def tax_contained(total_incl_tax: Decimal | int, *, rate_percent: int | None = None) -> Decimal:
    """Return the consumption tax contained in a tax-inclusive total, in whole yen.

    Computed on the whole total (one order, one rate), never summed per item,
    so the figure matches what a qualified invoice states.
    """
    rate = tax_rate_percent() if rate_percent is None else rate_percent
    total = int(yen(total_incl_tax))
    return Decimal(total * rate // (100 + rate))


def offer_discount_round(amount: Decimal, currency: str | None = None) -> Decimal:
    """OSCAR_OFFER_ROUNDING_FUNCTION: offer discounts are whole yen, fractions dropped."""
    return yen(amount)
