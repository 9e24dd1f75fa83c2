"""The certificate e-mail: sent through the outbox once the certificate is valid, only fields in scope."""

import pytest
from django.core import mail

from legal.processors import services as legal_services
from legal.processors.models import OutboxMessage
from tests.factories.certificates import BENEFICIARY_NAME, certificate_for, certificate_reissued

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shop_address(settings):
    settings.SHOP_BASE_URL = "https://shop.example/"


@pytest.fixture
def buyer(django_user_model):
    return django_user_model.objects.create_user(
        username="hanako", email="hanako@example.jp", first_name="花子", last_name="山田"
    )


def links(certificate) -> tuple[str, str]:
    return (
        f"https://shop.example/certificates/{certificate.number}/pdf/?t={certificate.token}",
        f"https://shop.example/verify/{certificate.number}/?t={certificate.token}",
    )


def test_the_buyer_gets_one_email_with_the_number_and_both_links(processors, buyer):
    certificate = certificate_for(user=buyer)

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["hanako@example.jp"]
    assert certificate.number in sent.subject
    pdf_link, verify_link = links(certificate)
    assert certificate.number in sent.body
    assert pdf_link in sent.body
    assert verify_link in sent.body
    assert "Tonnes retired: 3 t-CO2" in sent.body
    assert certificate.order.number in sent.body
    assert BENEFICIARY_NAME in sent.body
    assert "Dear 花子 山田," in sent.body
    # Japanese first, then English.
    assert sent.body.index("----------------------------------------") < sent.body.index("Dear 花子 山田,")


def test_a_guest_buyer_is_greeted_without_a_name(processors):
    certificate_for(guest_email="guest@example.jp")

    sent = mail.outbox[-1]
    assert sent.to == ["guest@example.jp"]
    assert "Dear customer," in sent.body


def test_a_reissued_certificate_says_which_one_it_replaces(processors, buyer):
    certificate = certificate_for(user=buyer)

    replacement = certificate_reissued(certificate=certificate)

    sent = mail.outbox[-1]
    assert replacement.number in sent.subject
    assert f"This certificate replaces certificate {certificate.number}" in sent.body
    assert links(replacement)[0] in sent.body


def test_without_beneficiary_name_in_the_delivery_scope_the_email_leaves_it_out(processors, buyer):
    delivery = processors["delivery"]
    delivery.data_scope = [field for field in delivery.data_scope if field != "beneficiary_name"]
    legal_services.processor_save(processor=delivery, changed_by=None)

    certificate = certificate_for(user=buyer)

    sent = mail.outbox[-1]
    assert certificate.number in sent.body
    assert BENEFICIARY_NAME not in sent.body
    assert BENEFICIARY_NAME not in sent.subject


def test_without_an_active_delivery_processor_the_email_is_held_then_sent_once_fixed(
    processors, buyer, django_capture_on_commit_callbacks
):
    delivery = processors["delivery"]
    delivery.is_active = False
    legal_services.processor_save(processor=delivery, changed_by=None)

    certificate = certificate_for(user=buyer)

    message = OutboxMessage.objects.get(reference=f"certificate:{certificate.number}")
    assert message.status == OutboxMessage.Status.HELD
    assert mail.outbox == []

    delivery.is_active = True
    with django_capture_on_commit_callbacks(execute=True):
        legal_services.processor_save(processor=delivery, changed_by=None)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1
    assert links(certificate)[0] in mail.outbox[0].body
