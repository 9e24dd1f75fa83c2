"""Order processing fork: nothing in the dashboard can refund or put paid tonnes back on sale."""

from oscar.apps.order import processing as oscar_processing
from oscar.apps.order.processing import *  # noqa: F403  (Oscar's fork pattern)
from oscar.core.loading import get_class

PaymentError = get_class("payment.exceptions", "PaymentError")

REFUND_WORDS = ("refund", "返金", "cancel", "取消", "キャンセル", "chargeback")


class EventHandler(oscar_processing.EventHandler):
    def handle_payment_event(self, order, event_type, amount, lines=None, line_quantities=None, **kwargs):
        label = f"{event_type.name} {event_type.code}".lower()
        if any(word in label for word in REFUND_WORDS):
            raise PaymentError(
                "The shop never refunds or cancels paid orders. A refund made outside the shop is "
                "recorded from Stripe; if credits cannot be delivered, substitute credits of the same kind."
            )
        return super().handle_payment_event(order, event_type, amount, lines, line_quantities, **kwargs)

    def cancel_stock_allocations(self, order, lines=None, line_quantities=None):
        raise PaymentError("Paid tonnes never go back on sale (no refunds).")
