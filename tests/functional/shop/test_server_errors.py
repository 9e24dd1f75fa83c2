"""Server errors reach the admins through the processor gateway, and the report holds no personal data."""

import logging

import pytest
from celery import shared_task
from django.core import mail
from django.test import Client

from legal.privacy.requests.views import TokenRequestStatusView
from legal.processors import outbox
from legal.processors.models import OutboxMessage, ProvisionRecord, Purpose

pytestmark = pytest.mark.django_db

OPS = "ops@shop.example.jp"
STATUS_PAGE = "/en/privacy/request/status/signed-token-abc123/"
# What a visitor brings that a report must not carry: e-mail, query, token, cookies.
QUERY = "?email=hanako.suzuki%40mail.example.jp&q=carbon+offset"
PERSONAL = ["hanako", "mail.example.jp", "signed-token-abc123", "carbon", "consent-cookie-value"]


@pytest.fixture
def admins(settings, processors):
    """Production-like: DEBUG off (the test settings), someone to tell, a delivery processor."""
    settings.ADMINS = [("Ops Desk", OPS)]
    return processors


@pytest.fixture
def failing_status_page(monkeypatch):
    def fail(view, request, *args, **kwargs):
        # A careless message quotes what the visitor sent: the report must not pass it on.
        raise ValueError(f"no request for {request.GET.get('email')} with token {kwargs['token']}")

    monkeypatch.setattr(TokenRequestStatusView, "get", fail)


@pytest.fixture
def member_visitor(django_user_model):
    member = django_user_model.objects.create_user(
        username="hanako", email="hanako.suzuki@mail.example.jp", password="correct horse battery"
    )
    visitor = Client(raise_request_exception=False)  # sees the 500 page, as a browser would
    visitor.force_login(member)
    visitor.cookies["cookie_consent"] = "consent-cookie-value"
    return visitor


def test_a_server_error_reaches_the_admins_through_the_gateway_without_personal_data(
    admins, failing_status_page, member_visitor, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_visitor.get(STATUS_PAGE + QUERY)

    assert response.status_code == 500
    [report] = mail.outbox
    assert report.to == [OPS]
    message = OutboxMessage.objects.get()
    assert (message.status, message.purpose) == (OutboxMessage.Status.SENT, Purpose.ACCOUNT_EMAIL)
    record = ProvisionRecord.objects.get()
    assert (record.processor, record.subject_email, record.fields) == (admins["delivery"], OPS, ["email"])
    text = f"{report.subject}\n{report.body}"
    assert "ValueError" in report.subject
    assert "Where: GET /en/privacy/request/status/<str:token>/ (view privacy_requests:status)" in text
    assert "発生箇所: GET /en/privacy/request/status/<str:token>/" in text
    assert f"Request ID: {response.headers['X-Request-ID']}" in text
    assert "tests/functional/shop/test_server_errors.py" in text  # where in the code
    for personal in [*PERSONAL, member_visitor.cookies["sessionid"].value]:
        assert personal not in text
    # Django's own mail_admins never ran (the gateway's backend would have refused and logged it).
    assert not [entry for entry in caplog.records if entry.name == "legal.processors.mail"]


def test_the_same_error_at_the_same_place_is_reported_once_in_the_interval(
    admins, failing_status_page, member_visitor, monkeypatch, django_capture_on_commit_callbacks
):
    from shop.apps.catalogue import views

    def broken(*args, **kwargs):
        raise ValueError("the catalogue broke")

    monkeypatch.setattr(views.CatalogueView, "get", broken)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            member_visitor.get(STATUS_PAGE + QUERY)
        member_visitor.get("/catalogue/")

    assert [report.subject.split(": ", 1)[1] for report in mail.outbox] == [
        "ValueError (GET /en/privacy/request/status/<str:token>/)",
        "ValueError (GET /catalogue/)",
    ]


@shared_task(name="tests.certificate_render_failing")
def certificate_render_failing(certificate_number: str, beneficiary_email: str) -> None:
    raise OSError(f"cannot render {certificate_number} for {beneficiary_email}")


def test_a_failing_background_task_reaches_the_admins_too(admins, django_capture_on_commit_callbacks):
    # As on a worker: the failure is caught and logged by Celery's tracer, not raised to a caller.
    with django_capture_on_commit_callbacks(execute=True):
        result = certificate_render_failing.apply(("OM-2026-000123", "hanako@mail.example.jp"), throw=False)

    assert result.failed()

    [report] = mail.outbox
    assert "OSError (tests.certificate_render_failing)" in report.subject
    assert "Where: background task tests.certificate_render_failing" in report.body
    assert "OM-2026-000123" not in report.body and "hanako" not in report.body


def test_without_admins_nothing_is_queued(settings, processors, failing_status_page, member_visitor):
    settings.ADMINS = []

    response = member_visitor.get(STATUS_PAGE)

    assert response.status_code == 500
    assert not OutboxMessage.objects.exists()


def test_a_report_that_cannot_be_queued_never_breaks_the_error_page(
    admins, failing_status_page, member_visitor, monkeypatch, caplog
):
    def outbox_down(**kwargs):
        raise ConnectionError("the database is gone")

    monkeypatch.setattr(outbox, "email_enqueue_rendered", outbox_down)

    with caplog.at_level(logging.ERROR, logger="shop.server_errors"):
        response = member_visitor.get(STATUS_PAGE)

    assert response.status_code == 500
    assert any(entry.message.startswith("Could not queue the report") for entry in caplog.records)
