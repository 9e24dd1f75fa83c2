"""Reads for the API: a member's own orders, certificates and invoices, each list in fixed queries."""

from django.db.models import Prefetch, QuerySet
from oscar.core.loading import get_model

from offsets.models import Certificate
from shop.invoices.models import Invoice

Order = get_model("order", "Order")
Line = get_model("order", "Line")


def member_orders(*, user) -> QuerySet:
    """The member's orders, newest first, with their lines, certificates and invoices."""
    return (
        Order.objects.filter(user=user)
        .order_by("-date_placed", "-pk")
        .prefetch_related(
            Prefetch("lines", queryset=Line.objects.select_related("product__credit_batch").order_by("pk")),
            Prefetch("certificates", queryset=Certificate.objects.order_by("created_at", "pk")),
            Prefetch("invoices", queryset=Invoice.objects.select_related("replaces").order_by("sequence")),
        )
    )


def member_certificates(*, user) -> QuerySet:
    return Certificate.objects.filter(order__user=user).select_related("order").order_by("-created_at", "-pk")


def member_invoices(*, user) -> QuerySet:
    return Invoice.objects.filter(order__user=user).select_related("order", "replaces").order_by("-sequence")
