"""Reads: which order a customer may open, and the staff search over issued invoices."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from oscar.core.loading import get_model

from .exceptions import InvoiceLinkInvalid
from .models import Invoice
from .services import invoice_link_order_number

Order = get_model("order", "Order")


def order_for_customer(*, number: str, user, token: str = "") -> Order | None:
    """The order ``number`` if ``user`` placed it or ``token`` is a valid e-mailed link to it; else None.

    Raises InvoiceLinkInvalid when a token is given that is forged, altered or expired
    (and the user is not the buyer), so the page can say the link no longer works.
    """
    order = Order.objects.filter(number=number).select_related("user").first()
    if order is not None and user.is_authenticated and order.user_id == user.pk:
        return order
    if token:
        if invoice_link_order_number(token=token) != number:
            raise InvoiceLinkInvalid("the link is for another order")
        return order
    return None


def invoice_search(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    amount_min: int | None = None,
    amount_max: int | None = None,
    counterparty: str = "",
) -> QuerySet[Invoice]:
    """Invoices by transaction date, amount (yen, tax included) and counterparty, newest first.

    The three keys the Electronic Books Maintenance Act asks electronic transaction records
    to be searchable by; the counterparty is matched in the recipient name, the order's company
    and its e-mail.
    """
    invoices = Invoice.objects.select_related("order", "order__user", "replaces").order_by("-sequence")
    if date_from:
        invoices = invoices.filter(transaction_date__gte=date_from)
    if date_to:
        invoices = invoices.filter(transaction_date__lte=date_to)
    if amount_min is not None:
        invoices = invoices.filter(total_incl_tax__gte=amount_min)
    if amount_max is not None:
        invoices = invoices.filter(total_incl_tax__lte=amount_max)
    if counterparty:
        invoices = invoices.filter(
            Q(recipient_name__icontains=counterparty)
            | Q(order__company_name__icontains=counterparty)
            | Q(order__guest_email__icontains=counterparty)
            | Q(order__user__email__icontains=counterparty)
        )
    return invoices
