"""The customer's invoice and receipt downloads, the e-mailed link, and the staff dashboard's search."""

import datetime
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import signing
from pypdf import PdfReader

from shop.invoices import services
from shop.invoices.models import Invoice, ReceiptPrint
from tests.factories.invoices import invoiceable_order
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    )


@pytest.fixture
def member(django_user_model, client):
    user = django_user_model.objects.create_user(
        username="member", email="member@example.jp", password="pw-12345678"
    )
    client.force_login(user)
    return user


def test_the_buyer_downloads_the_invoice_from_the_order_page_and_the_first_download_issues_it(client, member):
    order = invoiceable_order(user=member)

    page = client.get(f"/accounts/orders/{order.number}/").content.decode()
    assert f"/invoices/order/{order.number}/" in page and "領収書" in page

    response = client.get(f"/invoices/order/{order.number}/")
    again = client.get(f"/invoices/order/{order.number}/")

    invoice = Invoice.objects.get()
    assert response.status_code == 200 and invoice.number in pdf_text(response)
    assert again.content == response.content and Invoice.objects.count() == 1


def test_both_the_corrected_and_the_replaced_invoice_stay_downloadable(client, member):
    order = invoiceable_order(user=member)
    old = services.invoice_issue(order=order)
    new = services.invoice_correct(invoice=old, recipient_name="株式会社訂正商事", reason="宛名")

    assert old.number in pdf_text(client.get(f"/invoices/{old.number}/pdf/"))
    corrected = pdf_text(client.get(f"/invoices/{new.number}/pdf/"))
    assert "修正した適格請求書" in corrected and old.number in corrected
    assert new.number in pdf_text(client.get(f"/invoices/order/{order.number}/"))  # the current one
    page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()
    assert old.number in page and f"corrects {old.number}" in page


def test_the_e_mailed_link_opens_the_invoice_without_signing_in(client):
    order = invoiceable_order(email="guest@example.jp")
    url = services.invoice_link_url(order_number=order.number)

    response = client.get(url.split("127.0.0.1:8000", 1)[1])

    assert response.status_code == 200 and Invoice.objects.get().number in pdf_text(response)


@pytest.mark.parametrize(
    "case", ["unknown order", "someone else's order", "forged link", "link for another order", "expired link"]
)
def test_no_one_else_gets_an_invoice(client, member, case):
    theirs = invoiceable_order(email="other@example.jp")
    mine = invoiceable_order(user=member)
    path = f"/invoices/order/{theirs.number}/"
    if case == "unknown order":
        path = "/invoices/order/999999999/"
    elif case == "forged link":
        path += "?t=" + signing.dumps(theirs.number, salt="another salt")
    elif case == "link for another order":
        path += "?t=" + services.invoice_link_token(order_number=mine.number)
    elif case == "expired link":
        with time_machine.travel(datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=91)):
            path += "?t=" + services.invoice_link_token(order_number=theirs.number)

    response = client.get(path)

    assert response.status_code == 404 and not Invoice.objects.exists()
    text = response.content.decode()
    assert "invoice-unavailable" in text
    if "link" in case:
        assert "有効期限" in text  # the page says the link is not valid or has expired


def test_someone_elses_replaced_invoice_is_not_downloadable(client, member):
    theirs = services.invoice_issue(order=invoiceable_order(email="other@example.jp"))

    assert client.get(f"/invoices/{theirs.number}/pdf/").status_code == 404
    assert client.get("/invoices/INV-does-not-exist/pdf/").status_code == 404


def test_the_receipt_is_printed_by_post_and_a_second_print_is_a_reissue(client, member):
    order = invoiceable_order(user=member, tonnes=2, price_per_tonne=5500)
    path = f"/invoices/order/{order.number}/receipt/"

    first = client.post(path, {"addressee": "山田 太郎"})
    second = client.post(path, {"addressee": "別名"})

    assert "山田太郎様" in pdf_text(first) and "再発行" not in pdf_text(first)
    assert "再発行" in pdf_text(second) and "山田太郎様" in pdf_text(second)
    assert "reissue1" in second["Content-Disposition"]
    assert ReceiptPrint.objects.count() == 2
    assert client.get(path).status_code == 405
    assert client.post(path, {"addressee": "x" * 101}).status_code == 400
    assert (
        client.post(f"/invoices/order/{invoiceable_order(email='o@example.jp').number}/receipt/").status_code
        == 404
    )


# --- Dashboard ------------------------------------------------------------------------


def _three_invoices():
    cheap = services.invoice_issue(
        order=invoiceable_order(tonnes=1, price_per_tonne=1100, email="a@example.jp")
    )
    company = services.invoice_issue(
        order=invoiceable_order(tonnes=3, price_per_tonne=3300, email="b@example.jp"),
        recipient_name="株式会社北海",
    )
    big = services.invoice_issue(
        order=invoiceable_order(tonnes=10, price_per_tonne=5000, email="c@example.jp")
    )
    for invoice, day in [(cheap, datetime.date(2026, 1, 10)), (company, datetime.date(2026, 3, 1)),
                         (big, datetime.date(2026, 3, 1))]:  # fmt: skip
        Invoice.objects.filter(pk=invoice.pk).retention_delete(pk=invoice.pk)
        fields = {f.name: getattr(invoice, f.name) for f in Invoice._meta.concrete_fields if f.name != "id"}
        Invoice.objects.create(**{**fields, "transaction_date": day})
    return cheap.number, company.number, big.number


def _listed(response) -> list[str]:
    return re.findall(r"INV-\d{7}", response.content.decode().split('id="invoice-list"', 1)[1])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"cheap", "company", "big"}),
        ({"date_from": "2026-02-01", "date_to": "2026-03-31"}, {"company", "big"}),
        ({"date_to": "2026-01-31"}, {"cheap"}),
        ({"amount_min": "5000", "amount_max": "20000"}, {"company"}),
        ({"amount_min": "50000"}, {"big"}),
        ({"counterparty": "北海"}, {"company"}),
        ({"counterparty": "C@EXAMPLE"}, {"big"}),
        ({"date_from": "2026-03-01", "amount_max": "10000", "counterparty": "example.jp"}, {"company"}),
    ],
)
def test_staff_search_invoices_by_date_amount_and_counterparty(staff_client, query, expected):
    cheap, company, big = _three_invoices()
    names = {cheap: "cheap", company: "company", big: "big"}

    response = staff_client.get("/dashboard/invoices/", query)

    assert response.status_code == 200
    assert {names[number] for number in set(_listed(response))} == expected


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2026-13-01"},
        {"date_from": "2026-03-02", "date_to": "2026-03-01"},
        {"amount_min": "abc"},
        {"amount_min": "-1"},
        {"amount_min": "100", "amount_max": "99"},
        {"amount_max": str(10**13)},
        {"counterparty": "x" * 101},
    ],
)
def test_bad_search_values_get_a_400_with_the_reason(staff_client, query):
    _three_invoices()

    response = staff_client.get("/dashboard/invoices/", query)

    page = response.content.decode()
    assert response.status_code == 400 and ("text-danger" in page or "alert-danger" in page)
    assert "invoice-row" not in page


def test_staff_correct_an_invoice_from_the_dashboard_and_download_both(staff_client):
    invoice = services.invoice_issue(order=invoiceable_order())

    assert staff_client.post(f"/dashboard/invoices/{invoice.pk}/correct/", {"reason": ""}).status_code == 400
    response = staff_client.post(
        f"/dashboard/invoices/{invoice.pk}/correct/",
        {"recipient_name": "株式会社訂正", "reason": "宛名の追加"},
    )

    corrected = Invoice.objects.get(replaces=invoice)
    assert response.status_code == 302 and response.url == f"/dashboard/invoices/{corrected.pk}/"
    assert "修正した適格請求書" in pdf_text(staff_client.get(f"/dashboard/invoices/{corrected.pk}/pdf/"))
    assert invoice.number in pdf_text(staff_client.get(f"/dashboard/invoices/{invoice.pk}/pdf/"))
    again = staff_client.post(
        f"/dashboard/invoices/{invoice.pk}/correct/", {"recipient_name": "x", "reason": "y"}
    )
    assert again.status_code == 400 and Invoice.objects.count() == 2
    assert staff_client.get("/dashboard/invoices/999999/").status_code == 404


def test_staff_without_the_invoice_permission_and_customers_are_kept_out(client, django_user_model):
    invoice = services.invoice_issue(order=invoiceable_order())
    clerk = django_user_model.objects.create_user(username="clerk", email="clerk@example.jp", is_staff=True)
    verified_login(client, clerk)

    assert client.get("/dashboard/invoices/").status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_invoice"))
    assert client.get("/dashboard/invoices/").status_code == 200
    assert client.post(f"/dashboard/invoices/{invoice.pk}/correct/", {"reason": "x"}).status_code == 403


def test_the_invoice_list_takes_as_many_queries_for_13_invoices_as_for_3(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _three_invoices()
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get("/dashboard/invoices/", {"counterparty": "example.jp"}).status_code == 200
    for n in range(10):
        services.invoice_issue(order=invoiceable_order(email=f"more{n}@example.jp"))
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get("/dashboard/invoices/", {"counterparty": "example.jp"})

    assert len(_listed(response)) == 13
    assert len(many) == len(few)


def test_staff_opening_an_invoice_is_in_the_access_log(staff_client):
    from legal.staff.models import StaffAccess

    invoice = services.invoice_issue(order=invoiceable_order(email="someone@example.jp"))

    assert staff_client.get(f"/dashboard/invoices/{invoice.pk}/").status_code == 200
    assert staff_client.get(f"/dashboard/invoices/{invoice.pk}/pdf/").status_code == 200
    assert (
        StaffAccess.objects.filter(
            subject_email="someone@example.jp", target__contains=invoice.number
        ).count()
        == 2
    )
