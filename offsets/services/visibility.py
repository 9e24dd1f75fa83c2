"""Whether an order's beneficiary name and purpose appear on the public verification page.

The buyer chose at checkout; they may change their mind at any time (from their
account), and a request to stop using their data hides them. The order keeps
the choice so that a reissued certificate inherits it; the order's certificates
(live or not) follow it at once, since the page of an old number is still shown.
"""

from django.db import transaction
from oscar.core.loading import get_model

from ..models import Certificate
from ..signals import ledger_changed

Order = get_model("order", "Order")


@transaction.atomic
def order_visibility_set(*, order, show_publicly: bool) -> bool:
    """Show or hide ``order``'s beneficiary and purpose on its verification pages; True if it changed."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    changed = order.show_on_verification_page != show_publicly
    if changed:
        order.show_on_verification_page = show_publicly
        order.save(update_fields=["show_on_verification_page"])
    updated = (
        Certificate.objects.filter(order=order)
        .exclude(show_publicly=show_publicly)
        .update(show_publicly=show_publicly)
    )
    if updated:
        # The public ledger names the beneficiary of a certificate shown publicly.
        ledger_changed.send(sender=Certificate, order_id=order.pk)
    return changed or bool(updated)


@transaction.atomic
def orders_visibility_hide(*, orders) -> int:
    """Hide the beneficiary and purpose of every order in ``orders``; return how many orders changed."""
    hidden = 0
    for order in Order.objects.select_for_update().filter(pk__in=orders.values("pk")).order_by("pk"):
        hidden += order_visibility_set(order=order, show_publicly=False)
    return hidden
