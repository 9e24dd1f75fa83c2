"""Basket fork: whole-yen totals and one tax computation per basket.

Oscar sums per-line tax and rounds to 0.01; a Japanese tax-inclusive shop
states the tax contained in the total, computed once and rounded down.
"""

from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from offsets.calculator.services import footprint_calculations_move
from offsets.money import tax_contained, yen


class Basket(AbstractBasket):
    def all_lines(self):
        # Everything the basket, checkout and order placement read per line, loaded with the lines:
        # a bulk basket of 30+ batches costs the same few queries as one of a single batch.
        if self.id is not None and self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product__product_class", "product__credit_batch__project", "stockrecord__partner"
                )
                .prefetch_related("attributes", "product__images", "product__stockrecords")
                .order_by(self._meta.pk.name)
            )
        return super().all_lines()

    all_lines.alters_data = False

    def _get_total(self, model_property):
        return yen(super()._get_total(model_property))

    def merge(self, basket, add_quantities=True):
        super().merge(basket, add_quantities=add_quantities)
        # Tonnes put in from the footprint calculator keep their calculation when a guest signs in.
        footprint_calculations_move(from_basket_id=basket.pk, to_basket_id=self.pk)

    merge.alters_data = True

    @property
    def total_tax(self):
        return tax_contained(self.total_incl_tax)

    @property
    def total_excl_tax(self):
        return self.total_incl_tax - self.total_tax


class Line(AbstractLine):
    def discount(self, discount_value, affected_quantity, incl_tax=True, offer=None):
        # Percentage offers produce fractions of a yen; the customer is never
        # charged a fraction, so the discount on each line is whole yen.
        super().discount(yen(discount_value), affected_quantity, incl_tax=incl_tax, offer=offer)


from oscar.apps.basket.models import *  # noqa: E402,F403,I001  (Oscar's fork pattern)
