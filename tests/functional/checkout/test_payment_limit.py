"""An order above the largest card payment Stripe takes in JPY is refused before anything is charged."""

import pytest

from offsets.models import Reservation
from shop.apps.checkout import services
from shop.apps.order.models import CheckoutSubmission, Order
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.functional.checkout.test_checkout import place, to_confirmation
from tests.integration.payments.test_stripe_gateway import intents_on

pytestmark = pytest.mark.django_db

# The batch sells at ¥3,300 a tonne: 3 t (¥9,900) are under this limit, 4 t (¥13,200) above it.
LIMIT = 9_999
TOO_MUCH = "A card payment can be at most ¥9,999 per order, and this basket comes to ¥13,200."
TOO_MUCH_JA = "カードでのお支払いは1回のご注文につき¥9,999までです。このバスケットの合計は¥13,200です。"


@pytest.fixture
def shop(localstripe, processors):
    batch = CreditBatchFactory(serial_prefix="JP-C", serial_first=1, serial_last=20, price_per_tonne=3300)
    return {"batch": batch, "versions": accepted_set(), "localstripe": localstripe}


def messages_after(client, response) -> list[str]:
    assert response.status_code == 302
    return [str(message) for message in client.get(response.url).context["messages"]]


def nothing_charged_or_reserved(shop) -> bool:
    return (
        intents_on(shop["localstripe"]) == []
        and not Order.objects.exists()
        and not CheckoutSubmission.objects.exists()
        and not Reservation.objects.exists()
    )


@pytest.mark.parametrize(("prefix", "message"), [("", TOO_MUCH_JA), ("/en", TOO_MUCH)])
def test_the_checkout_sends_a_basket_above_the_limit_back_with_the_reason(
    client, shop, settings, prefix, message
):
    settings.ORDER_TOTAL_MAX_YEN = LIMIT
    client.post(f"{prefix}/basket/add/{shop['batch'].product.pk}/", {"quantity": 4})

    response = client.get(f"{prefix}/checkout/")

    assert response.url == f"{prefix}/basket/"
    assert any(text.startswith(message) for text in messages_after(client, response))
    assert nothing_charged_or_reserved(shop)


def test_tonnes_added_after_the_confirmation_page_cannot_pay_above_the_limit(client, shop, settings):
    settings.ORDER_TOTAL_MAX_YEN = LIMIT
    to_confirmation(client, shop, tonnes=3)  # ¥9,900: the confirmation page is shown
    client.post(f"/basket/add/{shop['batch'].product.pk}/", {"quantity": 1})  # another tab: ¥13,200

    response = place(client, shop)

    assert response.url == "/basket/"
    assert any(text.startswith(TOO_MUCH_JA) for text in messages_after(client, response))
    assert nothing_charged_or_reserved(shop)


def test_the_payment_service_itself_refuses_above_the_limit(client, shop, settings):
    settings.ORDER_TOTAL_MAX_YEN = LIMIT
    client.post(f"/en/basket/add/{shop['batch'].product.pk}/", {"quantity": 4})
    basket = client.get("/en/basket/").context["basket"]

    outcome = services.checkout_pay(
        basket=basket, user=None, email="guest@example.jp", details={}, payment_method="pm_card_visa",
        accepted_version_ids=[], cross_border_consent=[], third_party_consent=[], confirmation=None,
    )  # fmt: skip

    assert outcome.order is None and outcome.error.startswith("A card payment can be at most ¥9,999")
    assert nothing_charged_or_reserved(shop)


def test_a_basket_at_the_limit_is_paid(client, shop, settings):
    settings.ORDER_TOTAL_MAX_YEN = 9_900
    to_confirmation(client, shop, tonnes=3)

    assert place(client, shop).url == "/checkout/thank-you/"
    assert Order.objects.get().total_incl_tax == 9_900
