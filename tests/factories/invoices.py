"""Paid orders to invoice: as the checkout leaves them, tax breakdown included."""

from oscar.core.loading import get_model

from shop.apps.order.services import _tax_breakdown
from tests.factories.certificates import paid_order
from tests.factories.offsets import CreditBatchFactory

Order = get_model("order", "Order")


def invoiceable_order(
    *, tonnes: int = 3, price_per_tonne: int = 3300, email: str = "buyer@example.jp", user=None
):
    """A paid order of ``tonnes`` at ``price_per_tonne`` yen with the tax per rate the checkout records."""
    batch = CreditBatchFactory(price_per_tonne=price_per_tonne)
    order = paid_order(batch, tonnes)
    Order.objects.filter(pk=order.pk).update(
        tax_breakdown=_tax_breakdown(int(order.total_incl_tax)), guest_email="" if user else email, user=user
    )
    return Order.objects.get(pk=order.pk)
