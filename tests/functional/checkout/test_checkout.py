"""The customer's path through the checkout views, paying against a real localstripe."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from legal.documents.forms import version_ids_token
from offsets.models import Allocation
from shop.apps.order.models import Order
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.integration.payments.test_stripe_gateway import card, intents_on

pytestmark = pytest.mark.django_db
CONFIRMATION_TOKEN = re.compile(r'name="confirmation" value="([^"]*)"')


@pytest.fixture
def shop(localstripe, processors):
    versions = accepted_set()
    batch = CreditBatchFactory(serial_prefix="JP-C", serial_first=1, serial_last=20, price_per_tonne=3300)
    return {"batch": batch, "versions": versions, "localstripe": localstripe}


def to_confirmation(client, shop, card_number="4242424242424242", tonnes=3):
    client.post(f"/basket/add/{shop['batch'].product.pk}/", {"quantity": tonnes})
    client.post("/checkout/", {"username": "guest@example.jp", "options": "anonymous"}, follow=True)
    response = client.post(
        "/checkout/payment-details/",
        {
            "beneficiary_name": "株式会社サンプル",
            "offset_purpose": "社用車の排出",
            "payment_method": card(shop["localstripe"], card_number),
        },
    )
    assert response.status_code == 302 and response.url == "/checkout/preview/"
    preview = client.get("/checkout/preview/")
    shop["confirmation"] = CONFIRMATION_TOKEN.search(preview.content.decode()).group(1)  # the page's token
    return preview


def place(client, shop, **changes):
    """Submit the final confirmation page last shown by ``to_confirmation``."""
    form = {"action": "place_order", "accept": "on", "consent_recipients": "on",
            "versions": version_ids_token(shop["versions"]),
            "confirmation": shop.get("confirmation", "")}  # fmt: skip
    form.update(changes)
    return client.post("/checkout/preview/", form)


def test_the_final_confirmation_page_shows_everything_required(client, shop):
    page = to_confirmation(client, shop).content.decode()

    for text in [
        "最終確認",  # title
        "9,900",  # total incl. tax
        "¥900",  # the tax in it
        "3 t-CO2",
        "クレジットカード",
        "ご注文を確定した時点で",  # payment timing
        "10営業日",  # delivery
        "返金",  # no refund term
        'href="/legal/terms/v1/"',
        'href="/legal/privacy/v1/"',
        'href="/legal/disclaimer/v1/"',
        "Stripe, Inc.",  # processor abroad…
        "アメリカ合衆国",  # …its country's name
        "PCI DSS",  # …and its measures
        "J-クレジット制度事務局",  # the batch's registry operator
        "注文を確定する（支払いが発生します）",
        "注文内容を修正する",
    ]:
        assert text in page, text


def test_a_guest_buys_tonnes_and_the_contract_is_concluded(client, shop, django_capture_on_commit_callbacks):
    to_confirmation(client, shop)

    with django_capture_on_commit_callbacks(execute=True):
        response = place(client, shop)

    assert response.status_code == 302 and response.url == "/checkout/thank-you/"
    order = Order.objects.get()
    assert (order.total_incl_tax, order.guest_email, order.beneficiary_name) == (
        9900,
        "guest@example.jp",
        "株式会社サンプル",
    )
    assert order.cross_border_consent[0]["name"] == "Stripe, Inc."
    assert Allocation.objects.get().tonnes == 3
    thank_you = client.get(response.url).content.decode()
    assert "契約が成立" in thank_you and order.number in thank_you
    [intent] = intents_on(shop["localstripe"])
    assert intent.metadata.to_dict() == {"order_number": order.number}  # never the beneficiary or e-mail
    [confirmation] = [m for m in mail.outbox if order.number in m.subject]
    assert "契約が成立しました" in confirmation.body and "contract for order" in confirmation.body
    assert "株式会社サンプル" in confirmation.body  # the delivery processor may receive the beneficiary
    # The signed invoice link opens the (simplified) invoice for the guest, who has no account.
    link = urlsplit(re.search(r"http://\S+/invoices/order/\S+", confirmation.body).group())
    invoice = Client().get(f"{link.path}?{link.query}")
    assert invoice.status_code == 200 and invoice["Content-Type"] == "application/pdf"
    assert (
        order.invoices.get().simplified
        and "90日間" in confirmation.body
        and "for 90 days" in confirmation.body
    )


def test_payment_is_unreachable_without_the_final_confirmation(client, shop):
    to_confirmation(client, shop)

    assert place(client, shop, accept="").status_code == 400
    assert place(client, shop, consent_recipients="").status_code == 400
    assert (
        client.post("/checkout/payment-details/", {"action": "place_order"}).status_code == 200
    )  # just the form
    assert Order.objects.count() == 0 and intents_on(shop["localstripe"]) == []


def test_a_declined_card_charges_nothing_and_keeps_the_basket(client, shop):
    to_confirmation(client, shop, card_number="4000000000000341")

    response = place(client, shop)

    assert response.status_code == 302 and response.url == "/checkout/payment-details/"
    assert Order.objects.count() == 0
    assert client.get("/basket/").context["basket"].num_items == 3


def test_a_card_needing_3d_secure_is_sent_to_the_issuer(client, shop):
    to_confirmation(client, shop, card_number="4000002760003184")

    response = place(client, shop)

    assert response.status_code == 200
    assert 'id="payment-return-form"' in response.content.decode()
    assert Order.objects.count() == 0


def test_a_buyer_who_loses_the_race_is_told_sold_out_before_any_charge(client, shop):
    to_confirmation(client, shop, tonnes=3)
    shop["batch"].serial_last = 2  # meanwhile, others bought all but 2 t
    from offsets import services

    services.batch_save(batch=shop["batch"])

    response = place(client, shop)

    assert response.status_code == 302 and response.url == "/basket/"
    assert intents_on(shop["localstripe"]) == [] and Order.objects.count() == 0


def test_no_card_number_reaches_the_server(client, shop):
    """The only card datum posted to us is Stripe's id for the card."""
    client.post(f"/basket/add/{shop['batch'].product.pk}/", {"quantity": 1})
    client.post("/checkout/", {"username": "guest@example.jp", "options": "anonymous"}, follow=True)
    response = client.post(
        "/checkout/payment-details/",
        {"beneficiary_name": "X", "payment_method": "4242424242424242"},  # a raw number is refused
    )
    assert response.status_code == 200 and "payment_method" in response.context["offset_form"].errors


def test_a_member_must_accept_changed_terms_before_paying(client, shop, django_user_model):
    from legal.documents import services as legal_services
    from tests.factories.legal import published_version

    member = django_user_model.objects.create_user("m", "member@example.jp", "pw-123456789")
    legal_services.acceptances_record(versions=shop["versions"], context="registration", user=member)
    client.force_login(member)
    client.post(f"/basket/add/{shop['batch'].product.pk}/", {"quantity": 1})
    client.get("/checkout/", follow=True)
    card_id = card(shop["localstripe"], "4242424242424242")
    client.post("/checkout/payment-details/", {"beneficiary_name": "X", "payment_method": card_id})
    published_version("terms", is_material=True)  # in force now

    response = place(client, shop)

    assert response.status_code == 302 and response.url.startswith("/legal/accept/")
    assert Order.objects.count() == 0 and intents_on(shop["localstripe"]) == []


def test_repeated_declines_are_throttled(client, shop):
    for _ in range(5):
        to_confirmation(client, shop, card_number="4000000000000341", tonnes=1)
        place(client, shop)

    to_confirmation(client, shop, card_number="4242424242424242", tonnes=1)
    response = place(client, shop, versions=version_ids_token(shop["versions"]))

    assert response.url == "/checkout/payment-details/"
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert any("カードが承認されない試行が続いた" in message for message in messages)
    assert Order.objects.count() == 0


def test_the_3d_secure_return_needs_a_checkout_of_ones_own(client, shop):
    assert client.get("/checkout/payment-return/").status_code == 302
    assert client.post("/checkout/payment-return/", {"payment_intent": "pi_someone"}).status_code == 404


def test_each_half_of_the_confirmation_e_mail_names_the_product_in_its_language(
    client, shop, django_capture_on_commit_callbacks
):
    # given a product with a Japanese and an English title, bought from the Japanese pages
    product = shop["batch"].product
    product.title, product.title_en = "高知県 森林間伐プロジェクト 2022年", "Kochi Forest Thinning 2022"
    product.save()
    to_confirmation(client, shop)

    with django_capture_on_commit_callbacks(execute=True):
        place(client, shop)

    # then the Japanese half names it in Japanese and the English half in English
    order = Order.objects.get()
    [confirmation] = [m for m in mail.outbox if order.number in m.subject]
    japanese, english = confirmation.body.split("-" * 40)
    assert "1. 高知県 森林間伐プロジェクト 2022年: 3 t-CO2" in japanese
    assert "1. Kochi Forest Thinning 2022: 3 t-CO2" in english
    assert "高知県" not in english
