"""The Django admin in Japanese: the sidebar lists what administrators use, and every label is Japanese."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import TestCase
from django.urls import reverse

from legal.processors import outbox
from legal.processors.models import PersonalDataField, Processor, Purpose
from shop.operations.admin_sidebar import NOT_IN_THE_ADMIN
from tests.factories.certificates import certificate_for
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db

# Words that stay as they are in Japanese text: names, codes and abbreviations.
KEPT = {
    "ID", "PDF", "CSV", "JSON", "URL", "NDA", "API", "TOTP", "IP", "SHA", "CO2", "t-CO2", "JPY", "TLS",
    "Stripe", "Offset", "Mart", "Django", "OpenAPI", "HTML", "UUID", "e-mail", "QR", "T", "SKU", "UPC",
    "ISBN", "VAT", "CCP", "Web", "PaymentIntent",
}  # fmt: skip
ENGLISH_WORD = re.compile(r"\b[A-Za-z][A-Za-z'-]{2,}\b")


class Labels(HTMLParser):
    """The text of the elements that name things: section headings, column headers, field labels,
    legends, the sidebar's apps and models. Not the page title (it names the object) nor a list's
    rows (data: a processor's name is its own)."""

    NAMING = {"h2", "h3", "th", "label", "legend", "caption"}

    def __init__(self):
        super().__init__()
        self.open = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.NAMING:
            is_row_data = tag == "th" and "field-" in (dict(attrs).get("class") or "")
            self.open.append((tag, not is_row_data))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            self.open.pop()

    @property
    def depth(self):
        return bool(self.open) and self.open[-1][1]

    def handle_data(self, data):
        if self.depth and data.strip():
            self.texts.append(data.strip())


def english_in(html: str, data: str = "") -> set[str]:
    """English words in the page's labels; ``data`` (the object's own name) is not a label."""
    parser = Labels()
    parser.feed(html)
    return {
        word
        for text in parser.texts
        if text != data
        for word in ENGLISH_WORD.findall(text)
        if word not in KEPT and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", word)
    }


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.jp", "pw-123456789")
    return verified_login(client, user)


def test_the_sidebar_leaves_out_what_administrators_never_use(superuser_client):
    index = superuser_client.get("/admin/").content.decode()

    registered = {model._meta.label for model in admin.site._registry}
    assert not registered & set(NOT_IN_THE_ADMIN)
    assert "ほしい物リスト" not in index and "Wish list" not in index and "クーポン" not in index
    assert "委託先" in index and "クレジットバッチ" in index and "注文" in index


def test_every_admin_page_names_things_in_japanese(superuser_client, processors):
    certificate_for()  # an order, a certificate, provision records and e-mails to show
    found = {}
    for model in admin.site._registry:
        meta = model._meta
        pages = [reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]))
            pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[first.pk]))
        for page in pages:
            response = superuser_client.get(page)
            assert response.status_code == 200, page
            english = english_in(response.content.decode(), data=str(first) if first is not None else "")
            if english:
                found[page] = sorted(english)
    words = {}
    for page, english in found.items():
        for word in english:
            words.setdefault(word, []).append(page)
    assert found == {}, "\n".join(f"{w}: {len(p)} pages, e.g. {p[0]}" for w, p in sorted(words.items()))


def test_the_processor_list_shows_each_processors_purposes_and_data_scope(superuser_client, processors):
    page = superuser_client.get("/en/admin/legal/processor/").content.decode()

    for processor in Processor.objects.all():
        labels = [str(dict(PersonalDataField.choices)[code]) for code in processor.data_scope]
        assert labels and all(label in page for label in labels)
    assert "Data scope" in page and "Purposes" in page


def test_the_outbox_shows_an_e_mail_as_it_was_sent(superuser_client, processors, mailoutbox):
    with TestCase.captureOnCommitCallbacks(execute=True):
        message = outbox.email_enqueue(
            purpose=Purpose.ACCOUNT_EMAIL,
            recipient="member@example.jp",
            template="customer/emails/registration",
            personal_data={PersonalDataField.NAME: "山田 花子"},
            context={"account_url": "https://shop.example/accounts/"},
        )
    message.refresh_from_db()
    sent = mailoutbox[0]

    page = superuser_client.get(f"/admin/legal/outboxmessage/{message.pk}/change/").content.decode()

    assert message.sent_message["subject"] == sent.subject and message.sent_message["body"] == sent.body
    assert html.escape(sent.subject) in page
    assert html.escape(sent.body.strip().splitlines()[0]) in page
    assert "送信したメール" in page
