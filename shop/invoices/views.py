"""Customer pages: the order's invoice PDFs and its receipt, for the buyer or the e-mailed link's holder.

Each view finds the order (``selectors.order_for_customer``), calls one service and
returns the PDF; an unknown order, someone else's order or a bad link get a 404 page
that says so, never a server error.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import pdf, selectors, services
from .exceptions import InvoiceLinkInvalid, InvoiceRefused
from .forms import ReceiptForm
from .models import Invoice


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _not_available(request: HttpRequest, *, expired: bool = False, status: int = 404, reason: str = ""):
    return render(
        request, "invoices/not_available.html", {"expired": expired, "reason": reason}, status=status
    )


def _order_or_page(request: HttpRequest, number: str, token: str):
    try:
        return selectors.order_for_customer(number=number, user=request.user, token=token), None
    except InvoiceLinkInvalid:
        return None, _not_available(request, expired=True)


@never_cache
@require_GET
def order_invoice(request: HttpRequest, number: str) -> HttpResponse:
    """``/invoices/order/<number>/``: the order's current invoice; the first request issues it."""
    order, page = _order_or_page(request, number, request.GET.get("t", ""))
    if page is not None:
        return page
    if order is None:
        return _not_available(request)
    try:
        invoice = services.invoice_issue(order=order)
    except InvoiceRefused as refused:
        return _not_available(request, status=409, reason=str(refused))
    return _pdf_response(pdf.invoice_pdf(invoice.content), f"{invoice.number}.pdf")


@never_cache
@require_GET
def invoice_download(request: HttpRequest, number: str) -> HttpResponse:
    """``/invoices/<number>/pdf/``: one issued invoice, replaced ones included, for the order's buyer."""
    invoice = Invoice.objects.filter(number=number).select_related("order").first()
    order, page = _order_or_page(request, invoice.order.number if invoice else "", request.GET.get("t", ""))
    if page is not None:
        return page
    if invoice is None or order is None:
        return _not_available(request)
    return _pdf_response(pdf.invoice_pdf(invoice.content), f"{invoice.number}.pdf")


@never_cache
@require_POST
def order_receipt(request: HttpRequest, number: str) -> HttpResponse:
    """``/invoices/order/<number>/receipt/`` (POST): print the receipt; after the first, a marked reissue."""
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return _not_available(
            request, status=400, reason="; ".join(e for errs in form.errors.values() for e in errs)
        )
    order, page = _order_or_page(request, number, form.cleaned_data["t"])
    if page is not None:
        return page
    if order is None:
        return _not_available(request)
    try:
        printed = services.receipt_print(order=order, addressee=form.cleaned_data["addressee"])
    except InvoiceRefused as refused:
        return _not_available(request, status=409, reason=str(refused))
    receipt = printed.receipt
    content = pdf.receipt_pdf(
        receipt.content, copy_number=printed.copy_number, printed_on=timezone.localdate(printed.printed_at)
    )
    suffix = f"-reissue{printed.copy_number - 1}" if printed.is_reissue else ""
    return _pdf_response(content, f"{receipt.number}{suffix}.pdf")
