"""The breach register: when the Commission must be told and by when, the timeline, notices to people."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.records import AppendOnlyRecordLocked
from legal.privacy.incidents import services as incidents
from legal.privacy.incidents.models import Incident, IncidentNotice, IncidentUpdate
from legal.processors.mail import PROVISION_HEADER
from legal.processors.models import OutboxMessage, ProvisionRecord, Purpose
from tests.factories.incidents import DISCOVERED_AT, incident_fields, incident_registered

pytestmark = pytest.mark.django_db

DISCOVERED_ON = datetime.date(2025, 4, 1)
PRELIMINARY_DUE = datetime.date(2025, 4, 4)
FINAL_DUE_30 = datetime.date(2025, 5, 1)
FINAL_DUE_60 = datetime.date(2025, 5, 31)


def unsaved(**fields) -> Incident:
    return Incident(**incident_fields(**fields))


# --- Must the Commission be told, and by when -------------------------------------------


@pytest.mark.parametrize(
    "facts, triggers, final_due",
    [
        ({}, (), None),
        ({"involves_sensitive_data": True}, ("sensitive_data",), FINAL_DUE_30),
        ({"risk_of_financial_loss": True}, ("financial_loss",), FINAL_DUE_30),
        ({"unlawful_purpose": True}, ("unlawful_purpose",), FINAL_DUE_60),
        ({"more_than_thousand_people": True}, ("more_than_1000_people",), FINAL_DUE_30),
        ({"people_affected": 1001}, ("more_than_1000_people",), FINAL_DUE_30),
        ({"people_affected": 1000}, (), None),
        (
            {"involves_sensitive_data": True, "unlawful_purpose": True},
            ("sensitive_data", "unlawful_purpose"),
            FINAL_DUE_60,
        ),
        (
            {"risk_of_financial_loss": True, "people_affected": 5000},
            ("financial_loss", "more_than_1000_people"),
            FINAL_DUE_30,
        ),
        (
            {
                "involves_sensitive_data": True,
                "risk_of_financial_loss": True,
                "unlawful_purpose": True,
                "more_than_thousand_people": True,
            },
            ("sensitive_data", "financial_loss", "unlawful_purpose", "more_than_1000_people"),
            FINAL_DUE_60,
        ),
    ],
)
def test_the_grounds_decide_the_report_and_its_due_dates(facts, triggers, final_due):
    assessment = incidents.incident_assess(incident=unsaved(**facts), today=DISCOVERED_ON)

    assert assessment.triggers == triggers
    assert assessment.report_required is bool(triggers)
    assert assessment.preliminary_due == (PRELIMINARY_DUE if triggers else None)
    assert assessment.final_due == final_due
    assert not assessment.overdue


def test_without_any_ground_nothing_is_ever_overdue():
    assessment = incidents.incident_assess(
        incident=unsaved(people_affected=3), today=datetime.date(2027, 1, 1)
    )

    assert not assessment.report_required
    assert (assessment.preliminary_due, assessment.final_due) == (None, None)
    assert not assessment.preliminary_overdue and not assessment.final_overdue


def test_the_due_days_come_from_the_settings(settings):
    settings.INCIDENT_PRELIMINARY_REPORT_DAYS = 5
    settings.INCIDENT_FINAL_REPORT_DAYS = 25
    settings.INCIDENT_FINAL_REPORT_DAYS_UNLAWFUL_PURPOSE = 50

    usual = incidents.incident_assess(incident=unsaved(involves_sensitive_data=True))
    unlawful = incidents.incident_assess(incident=unsaved(unlawful_purpose=True))

    assert usual.preliminary_due == DISCOVERED_ON + datetime.timedelta(days=5)
    assert usual.final_due == DISCOVERED_ON + datetime.timedelta(days=25)
    assert unlawful.final_due == DISCOVERED_ON + datetime.timedelta(days=50)


@pytest.mark.parametrize(
    "today, preliminary_overdue, final_overdue",
    [
        (PRELIMINARY_DUE, False, False),
        (PRELIMINARY_DUE + datetime.timedelta(days=1), True, False),
        (FINAL_DUE_30, True, False),
        (FINAL_DUE_30 + datetime.timedelta(days=1), True, True),
    ],
)
def test_a_report_not_made_by_its_due_date_is_overdue(today, preliminary_overdue, final_overdue):
    assessment = incidents.incident_assess(incident=unsaved(risk_of_financial_loss=True), today=today)

    assert assessment.preliminary_overdue is preliminary_overdue
    assert assessment.final_overdue is final_overdue


def test_the_unlawful_purpose_case_has_sixty_days_for_the_final_report():
    incident = unsaved(unlawful_purpose=True, preliminary_reported_on=datetime.date(2025, 4, 3))

    day_31 = incidents.incident_assess(incident=incident, today=FINAL_DUE_30 + datetime.timedelta(days=1))
    day_61 = incidents.incident_assess(incident=incident, today=FINAL_DUE_60 + datetime.timedelta(days=1))

    assert not day_31.overdue
    assert day_61.final_overdue and not day_61.preliminary_overdue


def test_reports_made_are_no_longer_overdue():
    late = FINAL_DUE_60
    preliminary_made = unsaved(
        involves_sensitive_data=True, preliminary_reported_on=datetime.date(2025, 4, 2)
    )
    both_made = unsaved(
        involves_sensitive_data=True,
        preliminary_reported_on=datetime.date(2025, 4, 2),
        final_reported_on=datetime.date(2025, 4, 20),
    )
    # A final report made within the preliminary period stands for both.
    final_only = unsaved(involves_sensitive_data=True, final_reported_on=datetime.date(2025, 4, 3))

    assert incidents.incident_assess(incident=preliminary_made, today=late).final_overdue
    assert not incidents.incident_assess(incident=preliminary_made, today=late).preliminary_overdue
    assert not incidents.incident_assess(incident=both_made, today=late).overdue
    assert not incidents.incident_assess(incident=final_only, today=late).overdue


def test_the_days_count_in_japan_time():
    # 23:30 in Tokyo is still 1 April there (14:30 UTC); the preliminary report is due on 4 April.
    late_evening = unsaved(
        involves_sensitive_data=True,
        discovered_at=timezone.make_aware(datetime.datetime(2025, 4, 1, 23, 30)),
    )

    assert incidents.incident_assess(incident=late_evening).preliminary_due == PRELIMINARY_DUE


# --- The list filters agree with the decision -------------------------------------------


def _saved(title: str, **fields) -> Incident:
    return Incident.objects.create(**incident_fields(title=title, **fields))


def test_the_register_filters_agree_with_the_decision_for_every_incident():
    _saved("no ground", people_affected=1000)
    _saved("sensitive, late", involves_sensitive_data=True)
    _saved(
        "sensitive, recent",
        involves_sensitive_data=True,
        discovered_at=timezone.make_aware(datetime.datetime(2025, 5, 1, 23, 59)),
    )
    _saved("crowd", people_affected=1001, preliminary_reported_on=datetime.date(2025, 4, 2))
    _saved("unlawful", unlawful_purpose=True, preliminary_reported_on=datetime.date(2025, 4, 2))
    _saved("done", risk_of_financial_loss=True, final_reported_on=datetime.date(2025, 4, 10))
    today = PRELIMINARY_DUE + datetime.timedelta(days=30)  # 4 May: day 33 since discovery

    def titles(queryset) -> set[str]:
        return set(queryset.values_list("title", flat=True))

    expected = {}
    for incident in Incident.objects.all():
        assessment = incidents.incident_assess(incident=incident, today=today)
        expected.setdefault("required", set())
        expected.setdefault("preliminary", set())
        expected.setdefault("final", set())
        if assessment.report_required:
            expected["required"].add(incident.title)
        if assessment.preliminary_overdue:
            expected["preliminary"].add(incident.title)
        if assessment.final_overdue:
            expected["final"].add(incident.title)

    assert titles(incidents.incidents_report_required()) == expected["required"]
    assert titles(incidents.incidents_report_not_required()) == {"no ground"}
    assert titles(incidents.incidents_overdue(report="preliminary", today=today)) == expected["preliminary"]
    assert titles(incidents.incidents_overdue(report="final", today=today)) == expected["final"]
    assert titles(incidents.incidents_overdue(today=today)) == expected["preliminary"] | expected["final"]
    assert expected["final"] == {"sensitive, late", "crowd"}
    assert expected["preliminary"] == {"sensitive, late"}


def test_on_the_preliminary_due_day_the_filter_does_not_call_it_late():
    _saved(
        "late evening",
        involves_sensitive_data=True,
        discovered_at=timezone.make_aware(datetime.datetime(2025, 4, 1, 23, 30)),
    )

    assert not incidents.incidents_overdue(report="preliminary", today=PRELIMINARY_DUE).exists()
    assert incidents.incidents_overdue(
        report="preliminary", today=PRELIMINARY_DUE + datetime.timedelta(days=1)
    ).exists()


# --- Saving, and the timeline ------------------------------------------------------------


def test_more_than_a_thousand_people_sets_the_ground_on_saving(django_user_model):
    manager = django_user_model.objects.create_user("kei", "kei@offsetmart.example", is_staff=True)

    incident = incident_registered(people_affected=1500, changed_by=manager)

    incident.refresh_from_db()
    assert incident.more_than_thousand_people is True
    assert incident.created_by == manager
    first = incident.updates.get()
    assert first.author == manager
    assert first.changes["people_affected"] == [None, 1500]


def test_each_change_of_facts_goes_on_the_timeline_with_who_made_it(django_user_model):
    manager = django_user_model.objects.create_user("kei", "kei@offsetmart.example", is_staff=True)
    manager.last_name, manager.first_name = "佐藤", "圭"
    manager.save()
    incident = incident_registered()

    incident.cause = "Reused password"
    incident.preliminary_reported_on = datetime.date(2025, 4, 2)
    incidents.incident_save(incident=incident, changed_by=manager, note="Reported by the online form.")
    incidents.incident_save(incident=incident, changed_by=manager)  # nothing changed: no entry

    latest = incident.updates.order_by("-pk").first()
    assert incident.updates.count() == 2
    assert latest.changes == {
        "cause": ["", "Reused password"],
        "preliminary_reported_on": [None, "2025-04-02"],
    }
    assert latest.note == "Reported by the online form."
    assert latest.author_name == manager.get_full_name()


def test_an_incident_that_must_be_reported_cannot_be_closed_before_the_final_report():
    incident = incident_registered(involves_sensitive_data=True)

    incident.status = Incident.Status.CLOSED
    with pytest.raises(ValidationError):
        incidents.incident_save(incident=incident, changed_by=None)

    incident.refresh_from_db()
    assert incident.status == Incident.Status.INVESTIGATING
    incident.status = Incident.Status.CLOSED
    incident.final_reported_on = datetime.date(2025, 4, 20)
    incidents.incident_save(incident=incident, changed_by=None)
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED


def test_an_incident_without_grounds_can_be_closed_without_reports():
    incident = incident_registered(people_affected=2)

    incident.status = Incident.Status.CLOSED
    incidents.incident_save(incident=incident, changed_by=None)

    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"data_items": [], "data_items_other": ""}, "data_items"),
        ({"data_items": ["shoe_size"]}, "data_items"),
        ({"discovered_at": timezone.now() + datetime.timedelta(days=1)}, "discovered_at"),
        ({"occurred_at": DISCOVERED_AT + datetime.timedelta(hours=1)}, "occurred_at"),
        ({"preliminary_reported_on": datetime.date(2025, 3, 31)}, "preliminary_reported_on"),
        (
            {
                "preliminary_reported_on": datetime.date(2025, 4, 5),
                "final_reported_on": datetime.date(2025, 4, 3),
            },
            "final_reported_on",
        ),
    ],
)
def test_impossible_facts_are_refused(fields, field):
    with pytest.raises(ValidationError) as refused:
        incidents.incident_save(incident=unsaved(**fields), changed_by=None)

    assert field in refused.value.message_dict
    assert not Incident.objects.exists()


def test_the_timeline_is_append_only():
    incident = incident_registered()
    entry = incident.updates.get()

    with pytest.raises(AppendOnlyRecordLocked):
        IncidentUpdate.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(AppendOnlyRecordLocked):
        IncidentUpdate.objects.all().delete()
    entry.note = "rewritten"
    with pytest.raises(AppendOnlyRecordLocked):
        entry.save()
    with pytest.raises(AppendOnlyRecordLocked):
        entry.delete()
    assert IncidentUpdate.objects.get(pk=entry.pk).note == ""


# --- Notices to the people affected ------------------------------------------------------


@pytest.fixture
def member(django_user_model):
    member = django_user_model.objects.create_user("hanako", "Hanako@Example.jp", "pw-123456789")
    member.last_name, member.first_name = "山田", "花子"
    member.save()
    return member


def send(incident, **kwargs):
    values = {"message": "会員情報が閲覧された可能性があります。", "sent_by": None}
    values.update(kwargs)
    return incidents.incident_notices_send(incident=incident, **values)


def test_notices_go_through_the_gateway_and_are_recorded(
    processors, member, django_capture_on_commit_callbacks
):
    incident = incident_registered(data_items=["email", "name"], data_items_other="購入履歴")

    with django_capture_on_commit_callbacks(execute=True):
        queued = send(
            incident,
            emails=["hanako@example.jp", "guest@example.com"],
            message_en="Your member details may have been seen.",
        )

    assert {notice.email for notice in queued.notices} == {"hanako@example.jp", "guest@example.com"}
    notices = {notice.email: notice for notice in IncidentNotice.objects.select_related("outbox_message")}
    assert notices["hanako@example.jp"].user == member  # the pasted address found the member
    assert notices["guest@example.com"].user is None
    assert {notice.status for notice in notices.values()} == {OutboxMessage.Status.SENT}
    records = ProvisionRecord.objects.filter(purpose=Purpose.PERSONAL_DATA_NOTICE)
    assert sorted(records.values_list("subject_email", flat=True)) == [
        "guest@example.com",
        "hanako@example.jp",
    ]
    assert records.get(subject_email="hanako@example.jp").subject_user == member
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"hanako@example.jp", "guest@example.com"}
    to_member = sent["hanako@example.jp"]
    assert to_member.extra_headers[PROVISION_HEADER] == str(records.get(subject_email="hanako@example.jp").pk)
    assert member.get_full_name() in to_member.body
    assert "会員情報が閲覧された可能性があります。" in to_member.body
    assert "Your member details may have been seen." in to_member.body
    assert "購入履歴" in to_member.body
    assert "support@offsetmart.example" in to_member.body
    assert "Dear customer," in sent["guest@example.com"].body
    assert incident.updates.filter(changes__notices_queued=2).exists()


def test_a_person_is_notified_once_per_incident(processors, member, django_capture_on_commit_callbacks):
    incident = incident_registered()
    with django_capture_on_commit_callbacks(execute=True):
        send(incident, members=[member])

    with django_capture_on_commit_callbacks(execute=True):
        again = send(incident, emails=["HANAKO@example.jp", "new@example.com"])

    assert again.already_notified == ["hanako@example.jp"]
    assert [notice.email for notice in again.notices] == ["new@example.com"]
    assert len(mail.outbox) == 2
    assert IncidentNotice.objects.filter(incident=incident).count() == 2


def test_without_a_delivery_processor_the_notices_are_held_not_lost(django_capture_on_commit_callbacks):
    incident = incident_registered()

    with django_capture_on_commit_callbacks(execute=True):
        send(incident, emails=["guest@example.com"])

    notice = IncidentNotice.objects.select_related("outbox_message").get()
    assert notice.status == OutboxMessage.Status.HELD
    assert notice.outbox_message.purpose == Purpose.PERSONAL_DATA_NOTICE
    assert mail.outbox == []
    assert not ProvisionRecord.objects.exists()
    assert incidents.incident_notice_counts(incident=incident)["held"] == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"emails": ["not-an-address", "ok@example.com"]}, "not-an-address"),
        ({"emails": []}, "Choose at least one person"),
        ({"emails": ["ok@example.com"], "message": "  "}, "Write the notice"),
    ],
)
def test_bad_recipients_or_an_empty_notice_queue_nothing(english, kwargs, message):
    incident = incident_registered()

    with pytest.raises(ValidationError) as refused:
        send(incident, **kwargs)

    assert message in " ".join(refused.value.messages)
    assert not IncidentNotice.objects.exists()
    assert not OutboxMessage.objects.exists()


# --- The report's fields -------------------------------------------------------------------


def test_the_report_carries_the_items_of_the_commission_form(english, processors):
    incident = incident_registered(
        involves_sensitive_data=True,
        people_affected=1200,
        cause="Phishing",
        secondary_harm="None known",
        measures_taken="Passwords reset",
        recurrence_prevention="Two-factor login for staff",
        publication="Published on the site on 3 April",
        other_notes="Police informed",
        processor=processors["delivery"],
        preliminary_reported_on=datetime.date(2025, 4, 2),
    )

    report = {field.code: field.value for field in incidents.incident_report(incident=incident)}

    assert list(report) == [
        "incident", "reporter", "reporter_address", "reporter_representative", "reporter_contact",
        "report_grounds", "what_happened", "occurred_at", "discovered_at", "summary", "data_items",
        "people_affected", "cause", "secondary_harm", "response_to_people", "publication",
        "recurrence_prevention", "other_notes", "processor", "preliminary_due", "preliminary_reported_on",
        "final_due", "final_reported_on", "status",
    ]  # fmt: skip
    assert report["incident"] == str(incident.pk)
    assert report["reporter"] == "Offset Mart K.K."
    assert report["report_grounds"] == "Sensitive personal data (要配慮個人情報); More than 1,000 people"
    assert report["data_items"] == "E-mail address, Name"
    assert report["people_affected"] == "1200"
    assert report["cause"] == "Phishing"
    assert report["response_to_people"].startswith("Passwords reset\nNotices queued for 0 people")
    assert report["processor"] == processors["delivery"].name
    assert (report["preliminary_due"], report["final_due"]) == ("2025-04-04", "2025-05-01")
    assert report["preliminary_reported_on"] == "2025-04-02"
    assert report["final_reported_on"] == ""


def test_the_report_of_an_incident_without_grounds_says_none_is_required(english):
    report = {field.code: field.value for field in incidents.incident_report(incident=incident_registered())}

    assert report["report_grounds"].startswith("None")
    assert (report["preliminary_due"], report["final_due"]) == ("", "")
