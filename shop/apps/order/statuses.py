"""Names of the order statuses (OSCAR_ORDER_STATUS_PIPELINE) as people read them, in their language."""

from django.utils.translation import pgettext_lazy

ORDER_STATUS_LABELS = {
    "paid": pgettext_lazy("order status", "Paid"),
    "awaiting retirement": pgettext_lazy("order status", "Awaiting retirement"),
    "retired": pgettext_lazy("order status", "Retired at the registry"),
    "certificate issued": pgettext_lazy("order status", "Certificate issued"),
    "disputed": pgettext_lazy("order status", "Disputed"),
}


def order_status_label(status: str) -> str:
    """The readable name of ``status``; an unknown status is shown as stored."""
    return str(ORDER_STATUS_LABELS.get(status, status))
