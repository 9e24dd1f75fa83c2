"""Admins manage processors; operations staff only look; records are read-only and exportable."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse as reverse_ja
from django.utils import timezone, translation

from legal.processors import services
from legal.processors.gateway import personal_data_hand_over
from legal.processors.models import Processor, ProcessorChange, ProvisionRecord
from legal.staff.groups import OPERATIONS_STAFF_GROUP, PROCESSOR_ADMINISTRATORS_GROUP
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def reverse(name, args=None):
    with translation.override("en"):
        return reverse_ja(name, args=args)


def staff_in(group: str, django_user_model, email: str):
    user = django_user_model.objects.create_user(email.split("@")[0], email, "pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def processor_form(processor: Processor, **changes) -> dict:
    form = {field: getattr(processor, field) for field in services.PROCESSOR_HISTORY_FIELDS}
    form.update(changes)
    form = {k: v for k, v in form.items() if v is not None and v is not False}
    form.update({"changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0})
    return form


def test_a_processor_administrator_narrows_a_scope_and_the_change_is_kept(
    client, processors, django_user_model
):
    admin = staff_in(PROCESSOR_ADMINISTRATORS_GROUP, django_user_model, "privacy-admin@example.jp")
    verified_login(client, admin)
    delivery = processors["delivery"]

    response = client.post(
        reverse("admin:legal_processor_change", args=[delivery.pk]),
        processor_form(delivery, data_scope=["email", "order_number"]),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    delivery.refresh_from_db()
    assert delivery.data_scope == ["email", "order_number"]
    change = ProcessorChange.objects.filter(processor=delivery, changed_by=admin).get()
    assert change.changes["data_scope"][1] == ["email", "order_number"]


def test_operations_staff_see_processors_but_cannot_change_them(client, processors, django_user_model):
    verified_login(client, staff_in(OPERATIONS_STAFF_GROUP, django_user_model, "ops@example.jp"))
    payment = processors["payment"]
    url = reverse("admin:legal_processor_change", args=[payment.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, processor_form(payment, data_scope=["email", "order_number", "amount"]))

    assert response.status_code == 403
    payment.refresh_from_db()
    assert payment.data_scope == ["order_number", "amount"]
    assert client.get(reverse("admin:legal_processor_add")).status_code == 403


def test_the_list_flags_processors_that_need_attention(client, processors, django_user_model):
    verified_login(
        client, django_user_model.objects.create_superuser("root", "root@example.jp", "pw-123456789")
    )
    certificate = processors["certificate"]
    certificate.nda_expires_on = TODAY + datetime.timedelta(days=10)
    certificate.nda_clauses = ["purpose_limitation"]
    services.processor_save(processor=certificate, changed_by=None)

    page = client.get(reverse("admin:legal_processor_changelist") + "?attention=expiring").content.decode()

    assert "デモ証明書発行株式会社" in page and "Stripe, Inc." not in page
    assert "NDA expires within 30 days" in page and "NDA lacks clauses" in page


def test_the_check_command_emails_processor_administrators(
    processors, django_user_model, django_capture_on_commit_callbacks
):
    staff_in(PROCESSOR_ADMINISTRATORS_GROUP, django_user_model, "privacy-admin@example.jp")
    payment = processors["payment"]
    payment.last_reviewed_on = TODAY - datetime.timedelta(days=400)
    services.processor_save(processor=payment, changed_by=None)

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        call_command("processors_check", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [["privacy-admin@example.jp"]]
    assert "Stripe, Inc." in mail.outbox[0].body and "Review older than a year" in mail.outbox[0].body


def test_provision_records_are_read_only_and_export_as_csv(client, processors, django_user_model):
    verified_login(
        client, django_user_model.objects.create_superuser("root", "root@example.jp", "pw-123456789")
    )
    personal_data_hand_over(
        role="payment", purpose="card_payment", data={"order_number": "OM-1", "amount": 3300, "name": "X"},
        subject_email="buyer@example.jp", reference="OM-1",
    )  # fmt: skip
    record = ProvisionRecord.objects.get()

    change = client.post(reverse("admin:legal_provisionrecord_change", args=[record.pk]), {"fields": "[]"})
    export = client.post(
        reverse("admin:legal_provisionrecord_changelist"),
        {"action": "export_csv", "_selected_action": [record.pk]},
    )

    assert change.status_code == 403
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["provided_at", "processor", "purpose"]
    assert rows[1][1:] == [
        "Stripe, Inc.",
        "card_payment",
        "entrustment",
        "buyer@example.jp",
        "amount order_number",
        "OM-1",
    ]


def test_the_privacy_policy_lists_the_registered_processors(client, processors):
    call_command("load_legal_demo", stdout=io.StringIO())

    japanese = client.get("/legal/privacy/").content.decode()
    english = client.get("/en/legal/privacy/").content.decode()

    assert (
        "Stripe, Inc." in japanese and "クレジットカード決済の処理" in japanese and "<td>US</td>" in japanese
    )
    assert "Card payment processing" in english and "Order number, Amount paid" in english

    processors["payment"].is_active = False
    services.processor_save(processor=processors["payment"], changed_by=None)
    assert "Stripe, Inc." not in client.get("/en/legal/privacy/").content.decode()
