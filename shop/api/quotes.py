"""A quote: the price and the consumption tax of N tonnes of a batch on sale, as checkout would charge."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from offsets.ledger import BatchLedger
from offsets.money import tax_contained, tax_rate_percent
from shop.apps.basket.limits import card_payment_too_large


class QuoteRefused(Exception):
    """N tonnes of this batch cannot be bought in one order; ``field`` says which input is at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class BatchQuote:
    entry: BatchLedger
    tonnes: int
    total_incl_tax: int
    tax_rate_percent: int
    consumption_tax: int


def batch_quote(*, entry: BatchLedger | None, tonnes: int) -> BatchQuote:
    """Quote ``tonnes`` of the batch on sale ``entry``; QuoteRefused beyond what is for sale or one card
    payment. Nothing is held: the price is fixed when the buyer pays."""
    if entry is None:
        raise QuoteRefused("batch", _("No batch with this id is on sale."))
    if tonnes > entry.tonnes.available:
        raise QuoteRefused(
            "tonnes",
            _("Only %(count)s t-CO2 of this batch are for sale.") % {"count": entry.tonnes.available},
        )
    total = entry.batch.price_per_tonne * tonnes
    if card_payment_too_large(total):
        raise QuoteRefused(
            "tonnes",
            _("%(total)s yen is more than one card payment can be (at most %(limit)s yen).")
            % {"total": f"{total:,}", "limit": f"{settings.ORDER_TOTAL_MAX_YEN:,}"},
        )
    rate = tax_rate_percent()
    return BatchQuote(
        entry=entry,
        tonnes=tonnes,
        total_incl_tax=total,
        tax_rate_percent=rate,
        consumption_tax=int(tax_contained(total, rate_percent=rate)),
    )
