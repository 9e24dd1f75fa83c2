"""Oscar order lines to hang allocations on (the checkout makes real ones)."""

from oscar.test.factories import create_order


def order_line_for(batch, quantity: int = 1):
    """A placed order with one line selling ``quantity`` tonnes of ``batch``."""
    from oscar.core.loading import get_class, get_model

    Basket = get_model("basket", "Basket")
    Selector = get_class("partner.strategy", "Selector")
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(batch.product, quantity)
    order = create_order(basket=basket)
    return order.lines.get()
