"""Incident managers keep the breach register in the admin; other staff cannot open it."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse as reverse_ja
from django.utils import translation

from legal.privacy.incidents.models import Incident, IncidentNotice
from legal.processors.models import OutboxMessage, ProvisionRecord, Purpose
from legal.staff.groups import AUDITORS_GROUP, INCIDENT_MANAGERS_GROUP, OPERATIONS_STAFF_GROUP
from tests.factories.incidents import incident_registered
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db


def reverse(name, args=None):
    with translation.override("en"):
        return reverse_ja(name, args=args)


def staff_in(group: str, django_user_model, email: str):
    user = django_user_model.objects.create_user(email.split("@")[0], email, "pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def manager_client(client, django_user_model):
    client.user = staff_in(INCIDENT_MANAGERS_GROUP, django_user_model, "incidents@offsetmart.example")
    verified_login(client, client.user)
    return client


def incident_form(**changes) -> dict:
    form = {
        "title": "Staff mailbox phished",
        "status": "investigating",
        "kind": "leak",
        "is_confirmed": "on",
        "discovered_at_0": "2025-04-01",
        "discovered_at_1": "10:00:00",
        "description": "A staff mailbox holding order e-mails was read by an outsider.",
        "data_items": ["email", "order_number"],
        "people_affected": "40",
        "unlawful_purpose": "on",
        "timeline_note": "Mailbox locked, password reset.",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def page_text(response) -> str:
    return response.content.decode()


# --- Incident managers at work ------------------------------------------------------------


def test_a_manager_registers_an_incident_and_the_page_shows_the_decision(manager_client):
    response = manager_client.post(reverse("admin:legal_incident_add"), incident_form())

    assert response.status_code == 302, page_text(response)[:3000]
    incident = Incident.objects.get()
    assert incident.created_by == manager_client.user
    assert incident.updates.get().note == "Mailbox locked, password reset."

    page = manager_client.get(reverse("admin:legal_incident_change", args=[incident.pk]))

    text = page_text(page)
    assert page.status_code == 200
    assert "The Commission must be told" in text
    assert "Possibly an unlawful purpose" in text
    assert "2025-04-04" in text and "2025-05-31" in text  # preliminary; final after 60 days
    assert "The final report is overdue." in [str(message) for message in page.context["messages"]]
    assert reverse("admin:legal_incident_report", args=[incident.pk]) in text
    assert reverse("admin:legal_incident_notices", args=[incident.pk]) in text


def test_a_count_above_a_thousand_sets_the_ground_through_the_admin(manager_client):
    response = manager_client.post(
        reverse("admin:legal_incident_add"), incident_form(unlawful_purpose=None, people_affected="1001")
    )

    assert response.status_code == 302
    assert Incident.objects.get().more_than_thousand_people is True


def test_an_incident_without_grounds_says_no_report_is_needed(manager_client):
    incident = incident_registered(people_affected=3)

    text = page_text(manager_client.get(reverse("admin:legal_incident_change", args=[incident.pk])))

    assert "No report to the Commission is required." in text


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"people_affected": "many"}, "people_affected"),
        ({"people_affected": "-4"}, "people_affected"),
        ({"discovered_at_0": "2025-13-45"}, "discovered_at"),
        ({"data_items": None}, "data_items"),
        ({"data_items": ["shoe_size"]}, "data_items"),
        ({"preliminary_reported_on": "2025-03-01"}, "preliminary_reported_on"),
        ({"status": "closed"}, None),  # must be reported: cannot close before the final report
        ({"status": "vanished"}, "status"),
    ],
)
def test_bad_input_gets_a_form_error_and_saves_nothing(manager_client, english, changes, field):
    response = manager_client.post(reverse("admin:legal_incident_add"), incident_form(**changes))

    assert response.status_code == 200
    form = response.context["adminform"].form
    if field:
        assert field in form.errors
    else:
        assert "record the final report before closing" in " ".join(form.non_field_errors())
    assert not Incident.objects.exists()


def test_the_list_filters_on_overdue_and_on_the_report_decision(manager_client):
    late = incident_registered(title="late", involves_sensitive_data=True)
    reported = incident_registered(
        title="reported",
        involves_sensitive_data=True,
        preliminary_reported_on=datetime.date(2025, 4, 2),
        final_reported_on=datetime.date(2025, 4, 20),
    )
    no_ground = incident_registered(title="no ground", people_affected=1000)
    listing = reverse("admin:legal_incident_changelist")

    def shown(query: str) -> set[str]:
        response = manager_client.get(f"{listing}?{query}")
        assert response.status_code == 200
        return {incident.title for incident in response.context["cl"].result_list}

    assert shown("") == {late.title, reported.title, no_ground.title}
    assert shown("overdue=any") == {"late"}
    assert shown("overdue=preliminary") == {"late"}
    assert shown("report=required") == {"late", "reported"}
    assert shown("report=not_required") == {"no ground"}


def test_the_printable_report_shows_the_commission_form_items(manager_client, english):
    incident = incident_registered(risk_of_financial_loss=True, cause="Card numbers in a log file")

    response = manager_client.get(reverse("admin:legal_incident_report", args=[incident.pk]))

    text = page_text(response)
    assert response.status_code == 200
    for code in ("summary", "data_items", "people_affected", "cause", "secondary_harm", "publication",
                 "recurrence_prevention", "report_grounds", "preliminary_due", "final_due"):  # fmt: skip
        assert f'data-field="{code}"' in text
    assert "Card numbers in a log file" in text
    assert "Risk of financial loss" in text


def test_the_csv_export_carries_the_report_fields(manager_client, english):
    incident = incident_registered(involves_sensitive_data=True, cause="=HYPERLINK(evil)")

    response = manager_client.post(
        reverse("admin:legal_incident_changelist"),
        {"action": "export_csv", "_selected_action": [incident.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["incident"] == str(incident.pk)
    assert row["people_affected"] == "12"
    assert row["data_items"] == "E-mail address, Name"
    assert row["report_grounds"] == "Sensitive personal data (要配慮個人情報)"
    assert (row["preliminary_due"], row["final_due"]) == ("2025-04-04", "2025-05-01")
    assert row["cause"] == "'=HYPERLINK(evil)"  # never a live formula in a spreadsheet


# --- Notices from the admin ---------------------------------------------------------------


def notices_form(**changes) -> dict:
    form = {
        "emails": "guest@example.com\nother@example.com",
        "message": "ご登録のメールアドレスが外部に見られた可能性があります。",
        "message_en": "",
        "confirm": "on",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def test_a_manager_sends_notices_to_pasted_addresses_and_picked_members(
    manager_client, processors, django_user_model, django_capture_on_commit_callbacks
):
    member = django_user_model.objects.create_user("taro", "taro@example.jp", "pw-123456789")
    incident = incident_registered()
    url = reverse("admin:legal_incident_notices", args=[incident.pk])
    page = manager_client.get(url)
    assert page.status_code == 200
    assert member in page.context["form"].fields["members"].queryset
    assert (
        manager_client.user not in page.context["form"].fields["members"].queryset
    )  # staff are no customers

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, notices_form(members=[member.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:legal_incident_change", args=[incident.pk])
    notices = IncidentNotice.objects.filter(incident=incident).select_related("outbox_message")
    assert {notice.email for notice in notices} == {
        "guest@example.com",
        "other@example.com",
        "taro@example.jp",
    }
    assert {notice.status for notice in notices} == {OutboxMessage.Status.SENT}
    assert {notice.sent_by for notice in notices} == {manager_client.user}
    assert ProvisionRecord.objects.filter(purpose=Purpose.PERSONAL_DATA_NOTICE).count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "guest@example.com",
        "other@example.com",
        "taro@example.jp",
    ]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"emails": "guest@example.com\nnot an address"}, "emails"),
        ({"emails": ""}, None),
        ({"message": ""}, "message"),
        ({"confirm": None}, "confirm"),
        ({"members": ["999999"]}, "members"),
    ],
)
def test_bad_notice_input_gets_a_form_error_and_sends_nothing(manager_client, english, changes, field):
    incident = incident_registered()

    response = manager_client.post(
        reverse("admin:legal_incident_notices", args=[incident.pk]), notices_form(**changes)
    )

    assert response.status_code == 400
    form = response.context["form"]
    if field:
        assert field in form.errors
    else:
        assert "Choose at least one person to notify." in form.non_field_errors()
    assert not IncidentNotice.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_the_send_action_opens_the_notice_page_for_one_incident(manager_client):
    incident = incident_registered()

    response = manager_client.post(
        reverse("admin:legal_incident_changelist"),
        {"action": "send_notices", "_selected_action": [incident.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:legal_incident_notices", args=[incident.pk])


# --- Who may enter ---------------------------------------------------------------------------


@pytest.mark.parametrize("group", [OPERATIONS_STAFF_GROUP, AUDITORS_GROUP])
def test_other_staff_are_refused_every_incident_page(client, django_user_model, group):
    verified_login(client, staff_in(group, django_user_model, "someone@offsetmart.example"))
    incident = incident_registered()

    for url in [
        reverse("admin:legal_incident_changelist"),
        reverse("admin:legal_incident_add"),
        reverse("admin:legal_incident_change", args=[incident.pk]),
        reverse("admin:legal_incident_report", args=[incident.pk]),
        reverse("admin:legal_incident_notices", args=[incident.pk]),
        reverse("admin:legal_incidentnotice_changelist"),
    ]:
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("admin:legal_incident_notices", args=[incident.pk]), notices_form())
    assert response.status_code == 403
    assert not IncidentNotice.objects.exists()


def test_a_customer_is_sent_to_the_admin_login(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("taro", "taro@example.jp", "pw-123456789"))
    incident = incident_registered()

    response = client.get(reverse("admin:legal_incident_report", args=[incident.pk]))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_nobody_deletes_an_incident_in_the_admin(manager_client, django_user_model):
    incident = incident_registered()
    client = Client()
    verified_login(
        client, django_user_model.objects.create_superuser("root", "root@offsetmart.example", "pw-1")
    )

    assert manager_client.get(reverse("admin:legal_incident_delete", args=[incident.pk])).status_code == 403
    assert client.get(reverse("admin:legal_incident_delete", args=[incident.pk])).status_code == 403
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_a_manager_without_the_send_permission_cannot_send(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", "viewer@offsetmart.example", "pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_incident"))
    verified_login(client, viewer)
    incident = incident_registered()

    assert client.get(reverse("admin:legal_incident_change", args=[incident.pk])).status_code == 200
    assert client.get(reverse("admin:legal_incident_report", args=[incident.pk])).status_code == 200
    assert client.get(reverse("admin:legal_incident_notices", args=[incident.pk])).status_code == 403
