"""Issuing invoices and receipts: each one transaction that takes the next number under a row lock.

The first invoice of an order is issued on request (the first download from the
order page or the e-mailed link), not at payment: order placement stays as fast
as it was and can never fail because of an invoice.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from offsets.money import tax_contained, tax_rate_percent

from .exceptions import InvoiceLinkInvalid, InvoiceRefused
from .models import Invoice, IssueCounter, Receipt, ReceiptPrint

Order = get_model("order", "Order")

REGISTRATION_NUMBER = re.compile(r"T\d{13}")
LINK_SALT = "shop.invoices.link"


def invoice_recipient_of(*, order) -> str:
    """The name a qualified invoice is addressed to; "" for a consumer (a simplified invoice).

    A company order (bought "for a company" at checkout) names its invoice recipient;
    a consumer's order has none.
    """
    return order.invoice_recipient_name if order.company_name else ""


def invoice_issue(*, order, recipient_name: str | None = None) -> Invoice:
    """Return the order's current invoice, issuing its first one if it has none.

    ``recipient_name`` (default: ``invoice_recipient_of``) makes it a qualified
    invoice addressed to that name; empty, a simplified invoice.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        current = invoice_current_of(order=order)
        if current is not None:
            return current
        if recipient_name is None:
            recipient_name = invoice_recipient_of(order=order)
        return _invoice_create(order=order, recipient_name=recipient_name)


def invoice_correct(*, invoice: Invoice, recipient_name: str, reason: str) -> Invoice:
    """Issue a corrected invoice (修正した適格請求書) replacing ``invoice``; the old one stays as issued."""
    reason = reason.strip()
    if not reason:
        raise InvoiceRefused(_("Say why the invoice is corrected."))
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=invoice.order_id)
        if Invoice.objects.filter(replaces_id=invoice.pk).exists():
            raise InvoiceRefused(
                _("Invoice %(number)s was already replaced; correct the newest one.")
                % {"number": invoice.number}
            )
        return _invoice_create(
            order=order, recipient_name=recipient_name.strip(), replaces=invoice, correction_reason=reason
        )


def invoice_current_of(*, order) -> Invoice | None:
    """The order's newest invoice (the one no correction replaced), or None."""
    return Invoice.objects.filter(order=order, replaced_by__isnull=True).first()


def receipt_print(*, order, addressee: str = "") -> ReceiptPrint:
    """Print the order's receipt: the first print issues it (original), every later one is a reissue.

    ``addressee`` counts only on the first print; a reissue repeats what was issued.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        receipt = Receipt.objects.filter(order=order).first()
        if receipt is None:
            sequence = _next_number(IssueCounter.Kind.RECEIPT)
            number = f"{settings.RECEIPT_NUMBER_PREFIX}-{sequence:07d}"
            total = int(order.total_incl_tax)
            issued_at = timezone.now()
            content = {
                "number": number,
                "issued_on": timezone.localdate(issued_at).isoformat(),
                "addressee": addressee.strip(),
                "order_number": order.number,
                "transaction_date": timezone.localdate(order.date_placed).isoformat(),
                "total_incl_tax": total,
                "rates": _rates_of(order),
                "payment_method": "card",
                "issuer": _issuer(),
            }
            receipt = Receipt.objects.create(
                number=number,
                sequence=sequence,
                order=order,
                issued_at=issued_at,
                addressee=addressee.strip(),
                total_incl_tax=total,
                content=content,
            )
        copies = receipt.prints.count()
        return ReceiptPrint.objects.create(receipt=receipt, copy_number=copies + 1)


def invoice_link_token(*, order_number: str) -> str:
    """The token of the e-mailed link that opens the order's invoice (valid INVOICE_LINK_DAYS)."""
    return signing.dumps(order_number, salt=LINK_SALT, compress=False)


def invoice_link_url(*, order_number: str) -> str:
    """The absolute address of the order's invoice that the order e-mail links to (a signed token)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("invoices:order-invoice", kwargs={"number": order_number})
    token = invoice_link_token(order_number=order_number)
    return f"{settings.SHOP_BASE_URL.rstrip('/')}{path}?{urlencode({'t': token})}"


def invoice_pdf_url(*, invoice: Invoice) -> str:
    """The absolute address of one issued invoice's PDF, opened by the order's signed link token."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("invoices:invoice-pdf", kwargs={"number": invoice.number})
    token = invoice_link_token(order_number=invoice.order.number)
    return f"{settings.SHOP_BASE_URL.rstrip('/')}{path}?{urlencode({'t': token})}"


def invoice_link_order_number(*, token: str) -> str:
    """The order number a link token was made for; InvoiceLinkInvalid if forged, altered or expired."""
    try:
        number = signing.loads(token, salt=LINK_SALT, max_age=settings.INVOICE_LINK_DAYS * 24 * 60 * 60)
    except signing.BadSignature as bad:  # SignatureExpired is a BadSignature
        raise InvoiceLinkInvalid(str(bad)) from bad
    if not isinstance(number, str):
        raise InvoiceLinkInvalid("not an order number")
    return number


# --- Steps -----------------------------------------------------------------------


def _invoice_create(
    *, order, recipient_name: str, replaces: Invoice | None = None, correction_reason: str = ""
) -> Invoice:
    """Take the next number and store the invoice with its content; the caller holds the order's lock."""
    if len(recipient_name) > 200:
        raise InvoiceRefused(_("The recipient name is longer than 200 characters."))
    issuer = _issuer()
    sequence = _next_number(IssueCounter.Kind.INVOICE)
    number = f"{settings.INVOICE_NUMBER_PREFIX}-{sequence:07d}"
    issued_at = timezone.now()
    transaction_date = timezone.localdate(order.date_placed)
    rates = _rates_of(order)
    total = sum(rate["total_incl_tax"] for rate in rates)
    content = {
        "number": number,
        "issued_on": timezone.localdate(issued_at).isoformat(),
        "transaction_date": transaction_date.isoformat(),
        "order_number": order.number,
        "issuer": issuer,
        "recipient_name": recipient_name,
        "simplified": not recipient_name,
        "lines": _lines_of(order, total),
        "rates": rates,
        "total_incl_tax": total,
        "replaces": {"number": replaces.number, "issued_on": replaces.content["issued_on"]}
        if replaces
        else None,
        "correction_reason": correction_reason,
    }
    return Invoice.objects.create(
        number=number,
        sequence=sequence,
        order=order,
        replaces=replaces,
        issued_at=issued_at,
        transaction_date=transaction_date,
        recipient_name=recipient_name,
        simplified=not recipient_name,
        total_incl_tax=total,
        correction_reason=correction_reason,
        content=content,
    )


def _next_number(kind: str) -> int:
    """The next number of ``kind``, under the counter row's lock until the caller's transaction ends.

    A rollback of that transaction gives the number back, so issued numbers have no gaps.
    """
    counter = IssueCounter.objects.select_for_update().filter(kind=kind).first()
    if counter is None:  # the migration creates the rows; a database built without it gets them here
        try:
            with transaction.atomic():
                IssueCounter.objects.create(kind=kind)
        except IntegrityError:
            pass  # another transaction created it first
        counter = IssueCounter.objects.select_for_update().get(kind=kind)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _issuer() -> dict:
    company = settings.COMPANY
    number = company["invoice_registration_number"]
    if not REGISTRATION_NUMBER.fullmatch(number):
        raise InvoiceRefused(
            _("Invoices cannot be issued until the company's registration number (T and 13 digits) is set.")
        )
    return {
        "name": company["name"],
        "name_en": company["name_en"],
        "address": company["address"],
        "phone": company["phone"],
        "registration_number": number,
    }


def _rates_of(order) -> list[dict]:
    """Total and tax per rate, as the order recorded them at placement (``tax_breakdown``).

    Orders placed without a breakdown get it from the same one function the checkout uses
    (``offsets.money.tax_contained``): once per rate on the tax-inclusive total, rounded down.
    """
    breakdown = order.tax_breakdown
    if not breakdown:
        total = int(order.total_incl_tax)
        rate = tax_rate_percent()
        breakdown = {
            str(rate): {"total_incl_tax": total, "tax": int(tax_contained(total, rate_percent=rate))}
        }
    return [
        {"rate": int(rate), "total_incl_tax": int(part["total_incl_tax"]), "tax": int(part["tax"])}
        for rate, part in sorted(breakdown.items(), key=lambda item: -int(item[0]))
    ]


def _lines_of(order, total: int) -> list[dict]:
    rate = tax_rate_percent()
    lines = [
        {
            "title": line.title,
            "tonnes": line.quantity,
            "unit_price": int(line.unit_price_incl_tax or 0),
            "amount": int(line.line_price_incl_tax - (line.discount_incl_tax or Decimal(0))),
            "rate": rate,
        }
        for line in order.lines.order_by("pk")
    ]
    adjustment = total - sum(line["amount"] for line in lines)
    if adjustment:
        # The customer paid the price confirmed at checkout, which the lines' prices may not add up to.
        lines.append({"title": "", "adjustment": True, "tonnes": 0, "unit_price": 0, "amount": adjustment,
                      "rate": rate})  # fmt: skip
    return lines
