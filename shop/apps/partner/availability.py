"""Availability in the business's words: tonnes of CO2 for sale, not Oscar's "In stock (N available)"."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from oscar.apps.partner import availability as oscar_availability


class TonnesForSale(oscar_availability.StockRequired):
    """A credit batch's tonnes for sale: "3,000 t-CO2 available", or "Sold out".

    Oscar's basket, checkout and product pages show ``message``; a credit batch is sold in
    tonnes, and "In stock (3000 available)" read like a warehouse.
    """

    @property
    def short_message(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        if self.num_available > 0:
            return _("%(tonnes)s t-CO2 available") % {"tonnes": intcomma(self.num_available)}
        return _("Sold out")

    def is_purchase_permitted(self, quantity):
        """Refused in tonnes of this batch (Oscar says "a maximum of 10")."""
        if self.num_available <= 0:
            return False, _("This batch is sold out: no tonnes are for sale right now.")
        if quantity > self.num_available:
            return False, _(
                "Only %(available)s t of this batch are for sale, and %(quantity)s t were asked for "
                "(counting any already in your basket)."
            ) % {"available": f"{self.num_available:,}", "quantity": f"{quantity:,}"}
        return True, ""
