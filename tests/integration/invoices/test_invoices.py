"""Qualified invoices and receipts: what the PDF states, numbering, corrections, receipts, retention."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from shop.invoices import pdf, services
from shop.invoices.exceptions import InvoiceRefused
from shop.invoices.models import Invoice, IssuedDocumentLocked, Receipt, ReceiptPrint
from tests.factories.invoices import invoiceable_order

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The PDF's text without whitespace, so a value wrapped onto two lines still matches."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def test_a_company_order_gets_a_qualified_invoice_with_every_required_item(settings):
    order = invoiceable_order(tonnes=3, price_per_tonne=3300)

    invoice = services.invoice_issue(order=order, recipient_name="株式会社サンプル商事")

    text = pdf_text(pdf.invoice_pdf(invoice.content))
    today = timezone.localdate()
    placed = timezone.localdate(order.date_placed)
    line = order.lines.get()
    for item in [
        "適格請求書",
        settings.COMPANY["name"],  # issuer
        "登録番号" + settings.COMPANY["invoice_registration_number"],
        invoice.number,
        f"発行日Dateofissue{today.year}年{today.month}月{today.day}日",
        f"取引年月日Transactiondate{placed.year}年{placed.month}月{placed.day}日",
        "株式会社サンプル商事御中",  # recipient
        re.sub(r"\s+", "", line.title),  # the line
        "3t-CO2",
        "¥3,300",
        "10%対象",  # the rate…
        "¥9,900",  # …its total…
        "¥900",  # …and the tax in it, once per rate, rounded down
    ]:
        assert item in text, item
    assert "適格簡易請求書" not in text
    assert invoice.recipient_name == "株式会社サンプル商事" and not invoice.simplified


def test_a_consumer_order_gets_a_simplified_invoice_without_a_recipient():
    order = invoiceable_order()

    invoice = services.invoice_issue(order=order)  # invoice_recipient_of: "" for a consumer

    text = pdf_text(pdf.invoice_pdf(invoice.content))
    assert "適格簡易請求書" in text and "御中" not in text
    assert invoice.simplified and invoice.recipient_name == ""


@pytest.mark.parametrize(("tonnes", "price"), [(3, 3300), (1, 1999), (7, 2345), (1, 1)])
def test_the_tax_per_rate_is_the_orders(tonnes, price):
    order = invoiceable_order(tonnes=tonnes, price_per_tonne=price)

    invoice = services.invoice_issue(order=order)

    assert {str(rate["rate"]): {"total_incl_tax": rate["total_incl_tax"], "tax": rate["tax"]}
            for rate in invoice.content["rates"]} == order.tax_breakdown  # fmt: skip
    assert invoice.total_incl_tax == int(order.total_incl_tax) == tonnes * price
    assert sum(line["amount"] for line in invoice.content["lines"]) == invoice.total_incl_tax


def test_the_first_request_issues_the_invoice_and_later_ones_return_it():
    order = invoiceable_order()

    first = services.invoice_issue(order=order)
    again = services.invoice_issue(order=order, recipient_name="別の名前")

    assert first.pk == again.pk and Invoice.objects.count() == 1


def test_an_issued_invoice_never_changes_and_its_pdf_is_the_same_bytes_every_time(settings):
    order = invoiceable_order()
    invoice = services.invoice_issue(order=order, recipient_name="株式会社サンプル商事")
    first_pdf = pdf.invoice_pdf(invoice.content)

    settings.COMPANY = {**settings.COMPANY, "name": "改名後株式会社"}  # later changes to the company…
    invoice.recipient_name = "書き換え"
    with pytest.raises(IssuedDocumentLocked):
        invoice.save()
    with pytest.raises(IssuedDocumentLocked):
        Invoice.objects.filter(pk=invoice.pk).update(total_incl_tax=1)
    with pytest.raises(IssuedDocumentLocked):
        Invoice.objects.filter(pk=invoice.pk).delete()

    stored = Invoice.objects.get(pk=invoice.pk)
    assert pdf.invoice_pdf(stored.content) == first_pdf  # …never reach an issued invoice
    assert "改名後" not in pdf_text(first_pdf)


def test_a_correction_gets_the_next_number_names_the_old_one_and_both_stay():
    order = invoiceable_order()
    original = services.invoice_issue(order=order)

    corrected = services.invoice_correct(
        invoice=original, recipient_name="株式会社訂正商事", reason="宛名の追加"
    )

    assert corrected.sequence == original.sequence + 1 and corrected.replaces == original
    text = pdf_text(pdf.invoice_pdf(corrected.content))
    assert "修正した適格請求書" in text and original.number in text and "株式会社訂正商事御中" in text
    assert services.invoice_current_of(order=order) == corrected
    assert "修正した" not in pdf_text(pdf.invoice_pdf(Invoice.objects.get(pk=original.pk).content))
    with pytest.raises(InvoiceRefused):  # only the newest invoice can be corrected
        services.invoice_correct(invoice=original, recipient_name="x", reason="again")
    with pytest.raises(InvoiceRefused):
        services.invoice_correct(invoice=corrected, recipient_name="x", reason="  ")
    assert Invoice.objects.count() == 2


def test_a_missing_registration_number_refuses_the_invoice_and_takes_no_number(settings):
    order = invoiceable_order()
    settings.COMPANY = {**settings.COMPANY, "invoice_registration_number": ""}

    with pytest.raises(InvoiceRefused):
        services.invoice_issue(order=order)

    settings.COMPANY = {**settings.COMPANY, "invoice_registration_number": "T1234567890123"}
    assert services.invoice_issue(order=order).number == "INV-0000001"


def test_the_receipt_is_issued_once_and_every_later_print_is_marked_a_reissue():
    order = invoiceable_order(tonnes=2, price_per_tonne=5500)

    first = services.receipt_print(order=order, addressee="山田 太郎")
    second = services.receipt_print(order=order, addressee="ignored")

    assert Receipt.objects.count() == 1 and [p.copy_number for p in ReceiptPrint.objects.all()] == [1, 2]
    receipt = first.receipt
    assert receipt.number == "RCT-0000001" and receipt.addressee == "山田 太郎"
    original = pdf_text(pdf.receipt_pdf(receipt.content, copy_number=1, printed_on=timezone.localdate()))
    reissue = pdf_text(pdf.receipt_pdf(receipt.content, copy_number=second.copy_number,
                                       printed_on=timezone.localdate()))  # fmt: skip
    for text in (original, reissue):
        assert "領収書" in text and "山田太郎様" in text and "¥11,000" in text and "¥1,000" in text
        assert "登録番号T" in text and "クレジットカード" in text
    assert "再発行" not in original
    assert "再発行" in reissue and "2回目" in reissue


def test_invoices_are_kept_for_the_retention_period_then_purged(settings):
    order = invoiceable_order()
    old = services.invoice_issue(order=order)
    days = settings.PERSONAL_DATA_RETENTION_DAYS["invoices"]
    assert days >= 7 * 365  # the Corporation Tax Act's seven years at least
    services.receipt_print(order=order)

    just_before = old.issued_at + datetime.timedelta(days=days - 1)
    assert Invoice.objects.expired_delete(now=just_before) == 0
    assert Receipt.objects.expired_delete(now=just_before) == 0

    after = old.issued_at + datetime.timedelta(days=days + 1)
    assert Invoice.objects.expired_delete(now=after) == 1
    assert Receipt.objects.expired_delete(now=after) == 1
    assert not Invoice.objects.exists() and not ReceiptPrint.objects.exists()


def test_an_invoice_a_younger_correction_names_is_kept_until_that_one_expires(settings):
    order = invoiceable_order()
    old = services.invoice_issue(order=order)
    days = settings.PERSONAL_DATA_RETENTION_DAYS["invoices"]
    later = old.issued_at + datetime.timedelta(days=400)
    corrected = services.invoice_correct(invoice=old, recipient_name="株式会社訂正商事", reason="宛名")
    Invoice.objects.filter(pk=corrected.pk).retention_delete(pk=corrected.pk)  # to re-create it dated later
    Invoice.objects.create(**{**_fields(corrected), "issued_at": later})

    assert Invoice.objects.expired_delete(now=old.issued_at + datetime.timedelta(days=days + 1)) == 0
    assert Invoice.objects.expired_delete(now=later + datetime.timedelta(days=days + 1)) == 2


def _fields(invoice: Invoice) -> dict:
    return {
        field.name: getattr(invoice, field.name)
        for field in Invoice._meta.concrete_fields
        if field.name not in ("id",)
    }
