"""The beneficiary name goes to the registry operator only through the gateway, on the customer's consent."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from legal.privacy.requests import services as requests_services
from legal.privacy.requests.models import RequestKind
from legal.processors import selectors as processors_selectors
from legal.processors import services as processors_services
from legal.processors.exports import provision_records_csv_response
from legal.processors.models import ProvisionRecord, ThirdParty
from legal.staff.groups import OPERATIONS_STAFF_GROUP
from offsets.models import CertificateEvent, Registry
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
