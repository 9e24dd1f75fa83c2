"""The gateway: only in-scope fields leave, every hand-over is recorded, refusals say why."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from legal.processors import services
from legal.processors.exceptions import ProvisionRecordLocked, ProvisionRefused
from legal.processors.gateway import personal_data_hand_over
from legal.processors.models import Processor, ProcessorChange, ProvisionRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_reasons(english):
    """Refusal reasons are written in the active language; these tests read the English ones."""


TODAY = timezone.localdate()

ORDER_DATA = {
    "email": "buyer@example.jp",
    "name": "山田 太郎",
    "order_number": "OM-100001",
    "amount": 9900,
    "beneficiary_name": "株式会社サンプル",
    "offset_purpose": "2026年度の社用車の排出",
    "postal_address": "東京都千代田区",
}


def test_only_fields_in_scope_are_handed_over_and_recorded(processors, django_user_model):
    buyer = django_user_model.objects.create_user("b", "buyer@example.jp", "pw-123456789")

    handed = personal_data_hand_over(
        role="payment", purpose="card_payment", data=ORDER_DATA, subject_user=buyer, reference="OM-100001"
    )

    assert handed.data == {"order_number": "OM-100001", "amount": 9900}
    record = ProvisionRecord.objects.get()
    assert record.processor == processors["payment"] and record.processor_name == "Stripe, Inc."
    assert record.fields == ["amount", "order_number"]
    assert (record.purpose, record.legal_basis, record.reference) == (
        "card_payment",
        "entrustment",
        "OM-100001",
    )
    assert (record.subject_user, record.subject_email) == (buyer, "buyer@example.jp")


def test_each_hand_over_is_one_record(processors):
    for _ in range(3):
        personal_data_hand_over(role="payment", purpose="card_payment", data=ORDER_DATA)

    assert ProvisionRecord.objects.count() == 3


def test_a_field_outside_the_catalogue_is_a_programming_error(processors):
    with pytest.raises(ValueError, match="card_number"):
        personal_data_hand_over(role="payment", purpose="card_payment", data={"card_number": "4242"})


def _make(processor: Processor, **changes) -> None:
    for field, value in changes.items():
        setattr(processor, field, value)
    services.processor_save(processor=processor, changed_by=None)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"is_active": False}, "is inactive"),
        ({"nda_expires_on": TODAY - datetime.timedelta(days=1)}, "is not in force"),
        ({"nda_signed_on": TODAY + datetime.timedelta(days=3), "nda_expires_on": None}, "is not in force"),
        ({"purposes": ["account_email"]}, "is not entrusted with"),
        ({"data_scope": ["name", "order_number"]}, "may not receive E-mail address"),
    ],
)
def test_refusals_name_the_processor_and_the_reason(processors, changes, reason):
    _make(processors["delivery"], **changes)

    with pytest.raises(ProvisionRefused) as refused:
        personal_data_hand_over(role="delivery", purpose="order_email", data=ORDER_DATA, required=["email"])

    assert "デモメール配信株式会社" in refused.value.reason and reason in refused.value.reason
    assert ProvisionRecord.objects.count() == 0


def test_no_processor_for_the_role_is_refused():
    with pytest.raises(ProvisionRefused, match="No processor is registered"):
        personal_data_hand_over(role="certificate", purpose="certificate_issuance", data=ORDER_DATA)


def test_at_most_one_active_processor_per_role(processors):
    second = Processor(**{**_spec(processors["payment"]), "name": "Another PSP"})

    with pytest.raises(ValidationError, match="Another active processor"):
        services.processor_save(processor=second, changed_by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def _spec(processor: Processor) -> dict:
    return {field: getattr(processor, field) for field in services.PROCESSOR_HISTORY_FIELDS}


def test_a_purpose_outside_the_role_is_refused_at_registration(processors):
    payment = processors["payment"]
    payment.purposes = ["order_email"]

    with pytest.raises(ValidationError) as refused:
        services.processor_save(processor=payment, changed_by=None)

    assert "purposes" in refused.value.message_dict


def test_every_change_to_a_processor_is_kept(processors, django_user_model):
    admin = django_user_model.objects.create_superuser("a", "admin@example.jp", "pw-123456789")
    delivery = processors["delivery"]

    _make(delivery, data_scope=["email", "order_number"])
    ProcessorChange.objects.filter(processor=delivery, changed_by=None).delete()
    delivery.contact = "dpo@mail.example"
    services.processor_save(processor=delivery, changed_by=admin)

    change = ProcessorChange.objects.get(processor=delivery)
    assert change.changed_by == admin
    assert change.changes == {"contact": ["privacy@mail-delivery.example", "dpo@mail.example"]}


def test_provision_records_are_append_only(processors):
    personal_data_hand_over(role="payment", purpose="card_payment", data=ORDER_DATA)
    record = ProvisionRecord.objects.get()

    record.fields = []
    with pytest.raises(ProvisionRecordLocked):
        record.save()
    with pytest.raises(ProvisionRecordLocked):
        record.delete()
    with pytest.raises(ProvisionRecordLocked):
        ProvisionRecord.objects.all().delete()
    with pytest.raises(ProvisionRecordLocked):
        ProvisionRecord.objects.update(fields=[])
