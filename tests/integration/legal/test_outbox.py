"""E-mail through the outbox: what the mail backend actually sent, held work, retries."""

import datetime

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.utils import timezone

from legal.processors import outbox, services
from legal.processors.mail import PROVISION_HEADER, UngovernedEmail
from legal.processors.models import OutboxMessage, ProvisionRecord
from tests.factories.legal import accepted_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_reasons(english):
    """Refusal reasons are written in the active language; these tests read the English ones."""


TODAY = timezone.localdate()


def register(client, email="hanako@example.jp"):
    from legal.documents.forms import version_ids_token

    versions = accepted_set()
    response = client.post(
        "/accounts/register/",
        {
            "email": email,
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
            "accept_legal": "on",
            "legal_versions": version_ids_token(versions),
        },
    )
    assert response.status_code == 302


def welcome(name: str, email: str) -> OutboxMessage:
    return outbox.email_enqueue(
        purpose="account_email",
        recipient=email,
        template="customer/emails/registration",
        personal_data={"name": name},
        context={"account_url": "http://shop.example/accounts/"},
    )


def test_the_email_carries_only_fields_in_the_delivery_scope(processors, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        welcome("山田 花子", "hanako@example.jp")
    assert "山田 花子" in mail.outbox[-1].body

    delivery = processors["delivery"]
    delivery.data_scope = ["email", "order_number"]  # the NDA no longer covers names
    services.processor_save(processor=delivery, changed_by=None)
    with django_capture_on_commit_callbacks(execute=True):
        welcome("山田 花子", "hanako@example.jp")

    sent = mail.outbox[-1]
    assert "山田 花子" not in sent.body
    assert "お客様" in sent.body and "Dear customer," in sent.body
    record = ProvisionRecord.objects.order_by("-pk").first()
    assert record.fields == ["email"]
    assert sent.extra_headers[PROVISION_HEADER] == str(record.pk)


def test_registration_email_goes_through_the_gateway(client, processors, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)

    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]]
    assert "Thank you for registering" in mail.outbox[0].body
    assert (
        ProvisionRecord.objects.filter(purpose="account_email", subject_email="hanako@example.jp").count()
        == 1
    )


def test_oscar_password_reset_email_goes_through_the_gateway(
    client, processors, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_user("u", "reset@example.jp", "old-passphrase-42")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset/", {"email": "reset@example.jp"})

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["reset@example.jp"]]
    assert "/password-reset/confirm/" in mail.outbox[0].body
    assert ProvisionRecord.objects.filter(subject_email="reset@example.jp").count() == 1


def test_a_refused_email_is_held_and_sent_once_the_registry_is_fixed(
    processors, django_capture_on_commit_callbacks
):
    delivery = processors["delivery"]
    delivery.nda_expires_on = TODAY - datetime.timedelta(days=1)
    services.processor_save(processor=delivery, changed_by=None)

    with django_capture_on_commit_callbacks(execute=True):
        message = welcome("山田 花子", "hanako@example.jp")
    message.refresh_from_db()

    assert message.status == OutboxMessage.Status.HELD
    assert (
        "The NDA with デモメール配信株式会社 (Demo Mail Delivery K.K.) is not in force" in message.last_error
    )
    assert mail.outbox == [] and ProvisionRecord.objects.count() == 0

    delivery.nda_expires_on = TODAY + datetime.timedelta(days=365)  # a renewed NDA
    with django_capture_on_commit_callbacks(execute=True):
        services.processor_save(processor=delivery, changed_by=None)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]]
    assert ProvisionRecord.objects.count() == 1


def test_with_no_delivery_processor_registration_still_works_and_the_email_waits(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)

    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.HELD
    assert message.last_error == "役割「配信（メール）」の委託先が登録されていません。"  # a Japanese page
    assert mail.outbox == []


def test_a_mail_server_failure_loses_nothing(processors, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens

    with django_capture_on_commit_callbacks(execute=True):
        message = welcome("山田 花子", "hanako@example.jp")
    message.refresh_from_db()

    assert message.status == OutboxMessage.Status.FAILED
    assert ProvisionRecord.objects.count() == 0  # nothing left the shop

    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.outbox_retry() == 1
    assert ProvisionRecord.objects.count() == 1 and len(mail.outbox) == 1


def test_a_sent_message_is_not_sent_again(processors, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = welcome("山田 花子", "hanako@example.jp")

    assert outbox.message_deliver(message_id=message.pk) == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1 and ProvisionRecord.objects.count() == 1


def test_email_that_bypasses_the_gateway_is_refused(processors):
    with pytest.raises(UngovernedEmail):
        send_mail("hello", "body", "shop@example.jp", ["someone@example.jp"])
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ({"is_active": False}, "is inactive"),
        ({"nda_expires_on": TODAY - datetime.timedelta(days=1)}, "is not in force"),
        ({"purposes": ["order_email"]}, "is not entrusted with"),
        ({"data_scope": ["name"]}, "may not receive E-mail address"),
    ],
)
def test_every_refusal_holds_the_email_until_the_registry_is_fixed(
    processors, django_capture_on_commit_callbacks, broken, reason
):
    delivery = processors["delivery"]
    working = {field: getattr(delivery, field) for field in broken}
    for field, value in broken.items():
        setattr(delivery, field, value)
    services.processor_save(processor=delivery, changed_by=None)

    with django_capture_on_commit_callbacks(execute=True):
        message = welcome("山田 花子", "hanako@example.jp")
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.HELD and reason in message.last_error
    assert mail.outbox == [] and ProvisionRecord.objects.count() == 0

    for field, value in working.items():
        setattr(delivery, field, value)
    with django_capture_on_commit_callbacks(execute=True):
        services.processor_save(processor=delivery, changed_by=None)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]] and ProvisionRecord.objects.count() == 1
