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


def order_of_batches(batches, quantity: int = 1, **order_fields):
    """A placed order with one line of ``quantity`` tonnes per batch, its serials sold (a bulk order)."""
    from oscar.core.loading import get_class, get_model

    from offsets import services

    Basket = get_model("basket", "Basket")
    Order = get_model("order", "Order")
    Selector = get_class("partner.strategy", "Selector")
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for batch in batches:
        basket.add_product(batch.product, quantity)
    order = create_order(basket=basket)
    lines = order.lines.select_related("product__credit_batch")
    services.tonnes_allocate_lines(
        basket_id=basket.pk,
        sales=[
            services.LineSale(order_line=ln, batch_id=ln.product.credit_batch.pk, tonnes=quantity)
            for ln in lines
        ],
    )
    Order.objects.filter(pk=order.pk).update(status="paid", **order_fields)
    return Order.objects.get(pk=order.pk)
