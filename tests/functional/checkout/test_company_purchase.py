"""Buying for a company: details confirmed, kept on the order, a full qualified invoice to the recipient.

Through the real checkout views against a real localstripe (as test_confirmation.py).
"""

import html
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from legal.documents.models import DocumentVersion
from legal.documents.rendering import render_markdown
from shop.apps.order.models import CheckoutSubmission, CompanyPurchaseDefaults, Order
from shop.invoices import services as invoice_services
from shop.invoices.models import Invoice
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.functional.checkout.test_checkout import place
from tests.functional.checkout.test_confirmation import show_confirmation, to_payment_details
from tests.integration.payments.test_stripe_gateway import card
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db

COMPANY = {
    "buying_for_company": "on",
    "company_name": "株式会社北海商事",
    "company_department": "総務部",
    "company_contact_name": "山田花子",
    "invoice_recipient_name": "株式会社北海商事 経理部御中",
}


@pytest.fixture
def shop(localstripe, processors):
    batch = CreditBatchFactory(serial_prefix="JP-C", serial_first=1, serial_last=20, price_per_tonne=3300)
    return {"batch": batch, "versions": accepted_set(), "localstripe": localstripe}


def pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def invoice_text(client, order) -> str:
    link = invoice_services.invoice_link_url(order_number=order.number).split("127.0.0.1:8000", 1)[1]
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_a_company_purchase_is_confirmed_kept_and_invoiced_to_its_recipient(
    client, shop, django_user_model, django_capture_on_commit_callbacks
):
    card_id = card(shop["localstripe"], "4242424242424242")
    to_payment_details(client, shop, card_id)
    client.post(
        "/checkout/payment-details/", {"beneficiary_name": "北海の森", "payment_method": card_id, **COMPANY}
    )

    english = client.get("/en/checkout/preview/").content.decode()
    for text in ["Company name", "株式会社北海商事", "Department", "総務部", "Contact person", "山田花子",
                 "Invoice recipient name", "株式会社北海商事 経理部御中", "北海の森"]:  # fmt: skip
        assert text in english
    japanese = html.unescape(show_confirmation(client, shop))  # the page shown last is the one placed
    for text in ["会社名", "部署名", "ご担当者", "請求書の宛名", "株式会社北海商事 経理部御中", "山田花子"]:
        assert text in japanese

    with django_capture_on_commit_callbacks(execute=True):
        assert place(client, shop).url == "/checkout/thank-you/"

    order = Order.objects.get()
    held = (
        order.company_name,
        order.company_department,
        order.company_contact_name,
        order.invoice_recipient_name,
    )
    assert held == tuple(COMPANY[key] for key in list(COMPANY)[1:])
    assert order.beneficiary_name == "北海の森"  # the certificate's beneficiary is separate
    assert CheckoutSubmission.objects.get().company_contact_name == "山田花子"
    invoice = invoice_text(client, order)
    assert (
        "株式会社北海商事経理部御中" in invoice
        and "適格簡易請求書" not in invoice
        and "適格請求書" in invoice
    )
    assert not Invoice.objects.get().simplified
    # The delivery processor's scope has no company details: the e-mails leave them out.
    assert mail.outbox and not any("山田花子" in m.body or "北海商事" in m.body for m in mail.outbox)
    staff = django_user_model.objects.create_superuser(
        username="ops", email="ops@example.jp", password="pw-1234"
    )
    staff_client = Client()
    verified_login(staff_client, staff)
    listed = staff_client.get("/dashboard/invoices/", {"counterparty": "北海商事"}).content.decode()
    assert Invoice.objects.get().number in listed


def test_the_recipient_defaults_to_the_company_and_department(client, shop):
    card_id = card(shop["localstripe"], "4242424242424242")
    to_payment_details(client, shop, card_id)
    client.post(
        "/checkout/payment-details/",
        {**COMPANY, "beneficiary_name": "北海の森", "payment_method": card_id, "invoice_recipient_name": " "},
    )
    show_confirmation(client, shop)

    assert place(client, shop).url == "/checkout/thank-you/"
    assert Order.objects.get().invoice_recipient_name == "株式会社北海商事 総務部"


def test_without_the_box_nothing_about_a_company_is_kept_and_the_invoice_is_simplified(client, shop):
    card_id = card(shop["localstripe"], "4242424242424242")
    to_payment_details(client, shop, card_id)
    typed_then_unticked = {key: value for key, value in COMPANY.items() if key != "buying_for_company"}
    client.post(
        "/checkout/payment-details/",
        {"beneficiary_name": "山田太郎", "payment_method": card_id, **typed_then_unticked},
    )
    page = show_confirmation(client, shop)
    assert "山田花子" not in page and "簡易" in html.unescape(page)

    assert place(client, shop).url == "/checkout/thank-you/"
    order = Order.objects.get()
    assert (order.company_name, order.company_contact_name, order.invoice_recipient_name) == ("", "", "")
    assert "適格簡易請求書" in invoice_text(client, order) and Invoice.objects.get().simplified


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"company_name": ""}, "会社名を入力するか"),
        ({"company_name": "株" * 101}, "100 文字以下"),
        ({"company_contact_name": "山" * 101}, "100 文字以下"),
        ({"invoice_recipient_name": "宛" * 151}, "150 文字以下"),
    ],
)
def test_bad_company_details_get_the_forms_message(client, shop, change, message):
    card_id = card(shop["localstripe"], "4242424242424242")
    to_payment_details(client, shop, card_id)

    response = client.post(
        "/checkout/payment-details/",
        {"beneficiary_name": "北海の森", "payment_method": card_id, **COMPANY, **change},
    )

    assert response.status_code == 200 and message in html.unescape(response.content.decode())
    # The details entered before stay as they were: nothing about a company.
    assert not client.session["checkout_data"]["offsets"]["details"].get("company_name")


def test_control_characters_in_company_details_are_refused_with_a_400(client, shop):
    card_id = card(shop["localstripe"], "4242424242424242")
    to_payment_details(client, shop, card_id)

    response = client.post(
        "/checkout/payment-details/",
        {
            "beneficiary_name": "北海の森",
            "payment_method": card_id,
            **COMPANY,
            "company_contact_name": "山田\x00花子",
        },
    )

    assert response.status_code == 400 and "制御文字" in response.content.decode()


def test_a_member_keeps_company_details_for_next_time_and_clears_them(client, shop, django_user_model):
    member = django_user_model.objects.create_user(username="m", email="m@example.jp", password="pw-12345678")
    client.force_login(member)
    client.post(f"/basket/add/{shop['batch'].product.pk}/", {"quantity": 1})
    client.get("/checkout/", follow=True)  # through the shipping steps a basket of credits skips
    card_id = card(shop["localstripe"], "4242424242424242")
    form = {"beneficiary_name": "北海の森", "payment_method": card_id, **COMPANY}

    response = client.post("/checkout/payment-details/", {**form, "remember_company": "on"})
    assert response.status_code == 302 and response.url == "/checkout/preview/", response.url
    kept = CompanyPurchaseDefaults.objects.get(user=member)
    assert (kept.company_name, kept.company_contact_name) == ("株式会社北海商事", "山田花子")
    # Back from the confirmation page to change something, the box is still ticked.
    change = client.get("/checkout/payment-details/").content.decode()
    assert re.search(r'<input type="checkbox" name="remember_company"[^>]* checked', change)

    session = client.session
    session["checkout_data"].pop("offsets")  # as after an order: the details entered are forgotten
    session.save()
    next_time = client.get("/checkout/payment-details/").content.decode()
    assert 'value="山田花子"' in next_time and 'value="株式会社北海商事 経理部御中"' in next_time

    assert client.post("/checkout/payment-details/", form).status_code == 302  # "remember" unticked
    assert not CompanyPurchaseDefaults.objects.filter(user=member).exists()
    session = client.session
    session["checkout_data"].pop("offsets")  # as after an order: the details entered are forgotten
    session.save()
    assert "山田花子" not in client.get("/checkout/payment-details/").content.decode()


def test_privacy_policy_version_4_lists_the_company_details_in_both_languages(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_legal_demo")

    version = DocumentVersion.objects.get(document__kind="privacy", number=4)
    previous = DocumentVersion.objects.get(document__kind="privacy", number=3)
    assert version.effective_on > previous.effective_on and version.change_summary_en
    with translation.override("ja"):
        japanese = html.unescape(render_markdown(version.localized("body")))
    with translation.override("en"):
        english = html.unescape(render_markdown(version.localized("body")))
    assert "会社名、部署名、ご担当者の氏名、請求書の宛名" in japanese
    assert (
        "the company name, the department, the contact person's name and the invoice recipient name"
        in english
    )
    assert "{{" not in japanese and "{{" not in english  # the generated blocks rendered


def test_a_member_sees_and_deletes_the_kept_company_details_on_the_privacy_page(client, django_user_model):
    member = django_user_model.objects.create_user(username="kaori", email="kaori@example.jp", password="x")
    other = django_user_model.objects.create_user(username="jun", email="jun@example.jp", password="x")
    CompanyPurchaseDefaults.objects.create(
        user=member, company_name="株式会社みどり商会", company_department="総務部"
    )
    CompanyPurchaseDefaults.objects.create(user=other, company_name="Other Co.")
    client.force_login(member)

    page = client.get("/accounts/privacy/").content.decode()
    english = client.get("/en/accounts/privacy/").content.decode()
    response = client.post("/accounts/privacy/company-details/clear/")

    assert "株式会社みどり商会" in page and "総務部" in page and "Other Co." not in page
    assert "Company details for your next order" in english
    assert response.status_code == 302 and response.url == "/accounts/privacy/"
    assert not CompanyPurchaseDefaults.objects.filter(user=member).exists()
    assert CompanyPurchaseDefaults.objects.filter(user=other).exists()  # only the member's own
    assert (
        "次回のご注文のために保存していた会社情報を削除しました。"
        in client.get(response.url).content.decode()
    )
    assert client.get("/accounts/privacy/company-details/clear/").status_code == 405


def test_deleting_company_details_needs_a_signed_in_member(client):
    response = client.post("/accounts/privacy/company-details/clear/")

    assert response.status_code == 302 and "/accounts/login/" in response.url
