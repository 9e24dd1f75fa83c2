"""Pricing and availability strategy for a Japanese shop selling whole tonnes.

The stock record's price is the tax-inclusive price per tonne in whole yen.
Per-unit tax figures are informational only: the tax of a basket or order is
computed once on its total (see offsets.money and the basket fork).
"""

from oscar.apps.partner import availability, prices
from oscar.apps.partner import strategy as oscar_strategy

from offsets.money import tax_contained, yen

from .availability import TonnesForSale


class ConsumptionTaxIncluded:
    """Pricing policy: the stock record price already contains consumption tax."""

    def pricing_policy(self, product, stockrecord):
        if not stockrecord or stockrecord.price is None:
            return prices.Unavailable()
        price_incl_tax = yen(stockrecord.price)
        tax = tax_contained(price_incl_tax)
        return prices.TaxInclusiveFixedPrice(
            currency=stockrecord.price_currency,
            excl_tax=price_incl_tax - tax,
            tax=tax,
        )

    def parent_pricing_policy(self, product, children_stock):
        stockrecords = [stockrecord for _, stockrecord in children_stock if stockrecord]
        if not stockrecords:
            return prices.Unavailable()
        return self.pricing_policy(product, stockrecords[0])


class TonnesRequired(oscar_strategy.StockRequired):
    """A batch can be bought while it has tonnes for sale (the stock mirror less live holds)."""

    def availability_policy(self, product, stockrecord):
        policy = super().availability_policy(product, stockrecord)
        if isinstance(policy, availability.StockRequired):
            return TonnesForSale(policy.num_available)
        return policy


class JapanStrategy(
    oscar_strategy.UseFirstStockRecord,
    TonnesRequired,
    ConsumptionTaxIncluded,
    oscar_strategy.Structured,
):
    """One stock record per credit batch; tonnes can't be sold beyond stock."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return JapanStrategy(request)
