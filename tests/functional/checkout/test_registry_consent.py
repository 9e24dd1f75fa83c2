"""Consent at the final confirmation page to the registry operator of each batch (APPI Art. 27, 28)."""

import pytest

from legal.processors import services as processors_services
from legal.processors.models import ThirdParty
from offsets.models import Registry, RegistryOperator
from shop.apps.order.models import CheckoutSubmission, Order
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.functional.checkout.test_checkout import place, to_confirmation
from tests.integration.payments.test_stripe_gateway import intents_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def verra_shop(localstripe, processors):
    versions = accepted_set()
    project = OffsetProjectFactory(registry=Registry.VERRA, registry_project_id="VCS-1234")
    batch = CreditBatchFactory(
        project=project, serial_prefix="VCS-1234", serial_last=20, price_per_tonne=2200
    )
    return {"batch": batch, "versions": versions, "localstripe": localstripe}


def test_the_confirmation_page_shows_the_registry_operator_its_country_and_system(client, verra_shop):
    page = to_confirmation(client, verra_shop).content.decode()

    assert "Verra" in page
    assert "アメリカ合衆国" in page  # the country's name, not its code
    assert "連邦レベルでは個人情報保護を包括的に定める法律はなく" in page  # the system's outline
    assert "Verraは自らのプライバシーポリシーを公表し" in page  # the recipient's measures
    assert "受益者名" in page  # the data it receives


def test_the_english_page_shows_them_in_english(client, verra_shop):
    to_confirmation(client, verra_shop)

    page = client.get("/en/checkout/preview/").content.decode()

    assert "United States of America" in page
    assert "There is no comprehensive federal personal-information law." in page
    assert "Verra publishes its own privacy policy" in page


def test_without_consent_the_batch_cannot_be_ordered(client, verra_shop):
    to_confirmation(client, verra_shop)

    response = place(client, verra_shop, consent_recipients="")

    assert response.status_code == 400
    assert "受益者の名義でクレジットを無効化できず" in response.content.decode()
    assert Order.objects.count() == 0 and intents_on(verra_shop["localstripe"]) == []


def test_the_order_keeps_a_snapshot_of_what_was_shown_and_agreed(client, verra_shop):
    to_confirmation(client, verra_shop)

    response = place(client, verra_shop)

    assert response.status_code == 302 and response.url == "/checkout/thank-you/"
    order = Order.objects.get()
    [operator] = order.third_party_consent
    assert (operator["kind"], operator["name"], operator["country"]) == ("third_party", "Verra", "US")
    assert operator["country_name"] == {"ja": "アメリカ合衆国", "en": "United States of America"}
    assert operator["system_outline"]["en"].startswith("There is no comprehensive federal")
    assert operator["fields"] == ["beneficiary_name"]
    assert CheckoutSubmission.objects.get().third_party_consent == order.third_party_consent
    # A snapshot, not a reference: editing the registry later leaves the order's record as it was.
    verra = ThirdParty.objects.get(name="Verra")
    verra.measures_en = "Changed later."
    processors_services.third_party_save(third_party=verra, changed_by=None)
    order.refresh_from_db()
    assert order.third_party_consent[0]["measures"]["en"].startswith("Verra publishes")


def test_a_change_to_the_operator_after_the_page_was_shown_needs_a_new_confirmation(client, verra_shop):
    to_confirmation(client, verra_shop)
    verra = ThirdParty.objects.get(name="Verra")
    verra.measures_ja = "変更された措置"
    processors_services.third_party_save(third_party=verra, changed_by=None)

    response = place(client, verra_shop)

    assert response.status_code == 302 and response.url == "/checkout/preview/"
    assert Order.objects.count() == 0 and intents_on(verra_shop["localstripe"]) == []


def test_a_batch_whose_registry_has_no_operator_cannot_be_ordered(client, verra_shop):
    RegistryOperator.objects.filter(registry=Registry.VERRA).delete()
    page = to_confirmation(client, verra_shop).content.decode()
    assert "登録簿の運営者が登録されていない" in page

    response = place(client, verra_shop)

    assert response.status_code == 400
    assert Order.objects.count() == 0 and intents_on(verra_shop["localstripe"]) == []
