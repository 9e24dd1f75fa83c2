"""The beneficiary name goes to the registry operator only through the gateway, on the customer's consent.

An order placed before the checkout asked that consent gets it afterwards: staff e-mail the
customer a link to a page that shows what the checkout shows.
"""

import datetime
import json
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from legal.privacy.requests import services as requests_services
from legal.privacy.requests.models import RequestKind
from legal.processors import selectors as processors_selectors
from legal.processors import services as processors_services
from legal.processors.exports import provision_records_csv_response
from legal.processors.models import OutboxMessage, ProvisionRecord, ThirdParty
from legal.staff.groups import OPERATIONS_STAFF_GROUP
from offsets.models import CertificateEvent, Registry
from offsets.services import registry as registry_services
from tests.factories import certificates as certificate_factories
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.factories.privacy_requests import submitted, verified
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db

BENEFICIARY = "株式会社ベラ商事"


@pytest.fixture
def operations_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="hanako", email="hanako@offsetmart.example", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=OPERATIONS_STAFF_GROUP))
    verified_login(client, user)
    return client


@pytest.fixture
def verra():
    return ThirdParty.objects.get(name="Verra")


def verra_order(*, consented: bool = True, email: str = "taro@example.jp"):
    """A paid order of a Verra batch, placed (or not) with consent to Verra as the checkout records it."""
    project = OffsetProjectFactory(registry=Registry.VERRA)
    batch = CreditBatchFactory(project=project, serial_last=50)
    order = certificate_factories.paid_order(batch, 3, BENEFICIARY)
    consent = [processors_selectors.recipient_snapshot(recipient=ThirdParty.objects.get(name="Verra"))]
    type(order).objects.filter(pk=order.pk).update(
        third_party_consent=consent if consented else [], guest_email=email
    )
    order.refresh_from_db()
    return order


def hand_over(client, order):
    """Press "Hand the name to the registry operator" on the order's (Japanese) page."""
    allocation = order.lines.get().credit_allocations.get()
    with translation.override("ja"):
        return client.post(
            reverse(
                "dashboard:certificate-hand-over",
                kwargs={"number": order.number, "allocation_id": allocation.pk},
            )
        )


def test_the_order_page_does_not_show_the_beneficiary_before_the_hand_over(operations_client, processors):
    order = verra_order()

    page = operations_client.get(reverse("dashboard:certificate-order", kwargs={"number": order.number}))

    assert page.status_code == 200
    assert BENEFICIARY not in page.content.decode()
    assert ProvisionRecord.objects.filter(third_party__isnull=False).count() == 0


def test_handing_over_shows_the_name_and_records_a_third_party_provision_on_consent(
    operations_client, processors, verra
):
    order = verra_order()

    response = hand_over(operations_client, order)

    assert response.status_code == 200
    assert BENEFICIARY in response.content.decode()
    record = ProvisionRecord.objects.get(third_party=verra)
    assert (record.legal_basis, record.processor_name) == ("consent", "Verra")
    assert record.fields == ["beneficiary_name"]
    assert (record.purpose, record.subject_email) == ("registry_retirement", "taro@example.jp")
    assert record.processor is None
    assert CertificateEvent.objects.filter(
        order=order, action=CertificateEvent.Action.BENEFICIARY_HANDED_OVER
    ).exists()


def test_without_a_consent_on_the_order_nothing_is_handed_over(operations_client, processors):
    order = verra_order(consented=False)

    response = hand_over(operations_client, order)

    assert response.status_code == 409
    page = response.content.decode()
    assert BENEFICIARY not in page
    assert "同意の記録がありません" in page
    assert ProvisionRecord.objects.filter(third_party__isnull=False).count() == 0


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda verra: setattr(verra, "is_active", False), "無効になっています"),
        (lambda verra: setattr(verra, "data_scope", ["offset_purpose"]), "受け取れません"),
    ],
    ids=["operator inactive", "name outside its scope"],
)
def test_the_gateway_refuses_naming_why(operations_client, processors, verra, change, reason):
    order = verra_order()
    change(verra)
    processors_services.third_party_save(third_party=verra, changed_by=None)

    response = hand_over(operations_client, order)

    assert response.status_code == 409
    assert reason in response.content.decode()
    assert BENEFICIARY not in response.content.decode()
    assert ProvisionRecord.objects.filter(third_party__isnull=False).count() == 0


def test_auditors_export_the_third_party_provision_like_the_others(operations_client, processors, verra):
    hand_over(operations_client, verra_order())

    csv = provision_records_csv_response(ProvisionRecord.objects.all()).content.decode("utf-8-sig")

    [row] = [line for line in csv.splitlines() if "Verra" in line]
    assert "registry_retirement" in row and "consent" in row and "beneficiary_name" in row


def test_a_provision_records_disclosure_includes_the_hand_over_to_the_registry(
    operations_client, processors, django_user_model, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    hand_over(operations_client, verra_order(email="taro@example.jp"))
    officer = django_user_model.objects.create_user(
        username="officer", email="officer@offsetmart.example", password="x", is_staff=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = verified(submitted(RequestKind.PROVISION_RECORDS), officer)
    with django_capture_on_commit_callbacks(execute=True):
        requests_services.privacy_request_complete(request=request, staff=officer)

    request.refresh_from_db()
    disclosed = json.loads(request.export_json.read())
    records = disclosed["sections"]["provision_records"]["tables"]["provision_records"]["rows"]
    [to_registry] = [record for record in records if record["processor_name"] == "Verra"]
    assert to_registry["legal_basis"] == "consent"


def order_page(client, order):
    with translation.override("ja"):
        return client.get(reverse("dashboard:certificate-order", kwargs={"number": order.number}))


def request_consent(client, order):
    with translation.override("ja"):
        return client.post(reverse("dashboard:certificate-consent-request", kwargs={"number": order.number}))


def consent_link(order, language: str = "ja") -> str:
    """The path of the consent link e-mailed for ``order`` (the newest request)."""
    message = OutboxMessage.objects.filter(template="offsets/emails/registry_consent").latest("pk")
    assert message.recipient == order.email
    return urlsplit(message.context[f"link_{language}"]).path


def test_the_order_page_offers_a_consent_request_only_when_consent_is_missing(operations_client, processors):
    without = verra_order(consented=False)
    with_consent = verra_order()

    assert "E-mail a consent request" not in order_page(operations_client, with_consent).content.decode()
    page = order_page(operations_client, without).content.decode()
    assert "registry-consent-missing" in page and "Verra" in page


def test_the_customer_is_e_mailed_a_link_in_both_languages(
    operations_client, processors, mailoutbox, django_capture_on_commit_callbacks
):
    order = verra_order(consented=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = request_consent(operations_client, order)

    assert response.status_code == 302
    message = OutboxMessage.objects.get(template="offsets/emails/registry_consent")
    assert message.recipient == "taro@example.jp"
    assert message.context["operators"] == ["Verra"]
    assert "/registry-consent/" in message.context["link_ja"]
    assert "/en/registry-consent/" in message.context["link_en"]
    assert message.personal_data["order_number"] == order.number
    assert CertificateEvent.objects.filter(
        order=order, action=CertificateEvent.Action.REGISTRY_CONSENT_REQUESTED
    ).exists()
    [sent] = mailoutbox
    assert sent.to == ["taro@example.jp"]
    assert f"ご注文{order.number}：クレジットの無効化のため" in sent.subject
    assert message.context["link_ja"] in sent.body and message.context["link_en"] in sent.body
    assert "登録簿の運営者：Verra" in sent.body and "Registry operators: Verra" in sent.body
    assert BENEFICIARY not in sent.body


def test_the_page_shows_what_the_checkout_shows_and_consent_unlocks_the_hand_over(
    client, operations_client, processors, verra
):
    order = verra_order(consented=False)
    request_consent(operations_client, order)
    link = consent_link(order)

    page = client.get(link)
    english = client.get(consent_link(order, "en"))

    assert page.status_code == 200 and english.status_code == 200
    assert "Verra" in page.content.decode()
    assert "アメリカ合衆国" in page.content.decode()  # the country's name, and the outline of its system:
    assert "連邦レベルでは個人情報保護を包括的に定める法律はなく" in page.content.decode()
    assert "United States of America" in english.content.decode()
    assert "There is no comprehensive federal personal-information law" in english.content.decode()
    assert BENEFICIARY not in page.content.decode()

    recorded = client.post(link, {"consent": "on", "shown": page.context["shown_digest"]})

    assert recorded.status_code == 200
    assert "registry-consent-recorded" in recorded.content.decode()
    order.refresh_from_db()
    [agreed] = order.third_party_consent
    assert (agreed["name"], agreed["id"], agreed["agreed_on"]) == ("Verra", verra.pk, "consent link")
    assert agreed["system_outline"]["en"].startswith("There is no comprehensive federal")
    assert CertificateEvent.objects.filter(
        order=order, action=CertificateEvent.Action.REGISTRY_CONSENT_GIVEN
    ).exists()
    assert hand_over(operations_client, order).status_code == 200
    assert ProvisionRecord.objects.get(third_party=verra).legal_basis == "consent"
    # Asking again is refused: nothing is missing any more.
    again = request_consent(operations_client, order)
    assert again.status_code == 409
    assert OutboxMessage.objects.filter(template="offsets/emails/registry_consent").count() == 1


def test_without_the_tick_or_with_other_information_nothing_is_recorded(
    client, operations_client, processors
):
    order = verra_order(consented=False)
    request_consent(operations_client, order)
    link = consent_link(order)
    digest = client.get(link).context["shown_digest"]

    unticked = client.post(link, {"shown": digest})
    changed = client.post(link, {"consent": "on", "shown": "0" * 64})

    assert unticked.status_code == 400
    assert changed.status_code == 409
    order.refresh_from_db()
    assert order.third_party_consent == []
    assert hand_over(operations_client, order).status_code == 409


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_forged_or_old_link_is_a_clear_404(client, operations_client, processors, language):
    order = verra_order(consented=False)
    request_consent(operations_client, order)
    link = consent_link(order, language)
    forged = link.replace("/registry-consent/", "/registry-consent/x")

    assert client.get(forged).status_code == 404
    assert client.post(forged, {"consent": "on"}).status_code == 404
    later = timezone.now() + registry_services.CONSENT_LINK_MAX_AGE + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        old = client.post(link, {"consent": "on", "shown": "x"})
    assert old.status_code == 404
    assert "30" in old.content.decode()
    order.refresh_from_db()
    assert order.third_party_consent == []


def test_a_link_signed_for_something_else_opens_nothing(client, processors):
    order = verra_order(consented=False)
    token = signing.dumps({"order": order.number}, salt="another.purpose")

    assert client.get(f"/registry-consent/{token}/").status_code == 404


def test_a_line_whose_product_was_deleted_still_asks_consent_for_its_serials_registry(
    client, operations_client, processors
):
    order = verra_order(consented=False)
    order.lines.update(product=None)  # the catalogue entry is gone; the serials stay allocated

    assert "registry-consent-missing" in order_page(operations_client, order).content.decode()
    request_consent(operations_client, order)
    page = client.get(consent_link(order))

    assert page.status_code == 200 and "Verra" in page.content.decode()
