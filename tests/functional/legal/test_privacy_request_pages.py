"""Privacy requests as people use them: members, people without an account, and privacy officers."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from legal.privacy.requests import services
from legal.privacy.requests.models import IdentityDocument, PrivacyRequest, RequestKind, RequestStatus
from legal.processors.models import OutboxMessage, Purpose
from legal.staff.groups import OPERATIONS_STAFF_GROUP, PRIVACY_OFFICERS_GROUP
from tests.factories.privacy_requests import (
    image_bytes,
    jpeg_upload,
    pdf_bytes,
    pdf_upload,
    submitted,
    verified,
)
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db

Role = IdentityDocument.Role


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user(
        username="taro", email="taro@example.jp", password="x", first_name="太郎", last_name="山田"
    )


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def staff_in(group: str | None, django_user_model, email: str):
    user = django_user_model.objects.create_user(username=email, email=email, password="x", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def officer(django_user_model):
    return staff_in(PRIVACY_OFFICERS_GROUP, django_user_model, "officer@offsetmart.example")


@pytest.fixture
def officer_client(client, officer):
    verified_login(client, officer)
    client.user = officer
    return client


def dashboard(name: str, **kwargs) -> str:
    return reverse(f"dashboard:privacy-request-{name}", kwargs=kwargs or None)


def form_errors(response) -> str:
    return " ".join(str(error) for error in response.context["form"].errors.values())


def request_form_data(**fields) -> dict:
    data = {
        "kind": RequestKind.PURPOSES,
        "delivery_method": "",
        "postal_address": "",
        "details": "",
        "correction-TOTAL_FORMS": "3",
        "correction-INITIAL_FORMS": "0",
        "correction-MIN_NUM_FORMS": "0",
        "correction-MAX_NUM_FORMS": "7",
    }
    data.update(fields)
    return data


def public_form_data(**fields) -> dict:
    return request_form_data(requester_name="鈴木 花子", requester_email="hanako@example.jp", **fields)


# --- Members ------------------------------------------------------------------------------------


def test_the_account_navigation_links_to_the_requests(member_client, english):
    response = member_client.get(reverse("customer:profile-view"))

    assert reverse("customer:privacy-request-list").encode() in response.content


def test_a_member_makes_a_disclosure_request_and_downloads_the_result(
    member_client, member, officer, processors, django_capture_on_commit_callbacks, english
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("customer:privacy-request-create"),
            request_form_data(kind="disclosure", delivery_method="electronic", requester_id=pdf_upload()),
        )

    request = PrivacyRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "customer:privacy-request-detail", kwargs={"reference": request.reference}
    )
    assert (request.requester, request.requester_email, request.kind) == (member, member.email, "disclosure")
    assert mail.outbox[-1].to == [member.email]
    listing = member_client.get(reverse("customer:privacy-request-list"))
    assert request.reference in listing.content.decode()

    verified(request, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_complete(request=request, staff=officer)
    page = member_client.get(response["Location"])
    export = member_client.get(
        reverse(
            "customer:privacy-request-export", kwargs={"reference": request.reference, "file_format": "json"}
        )
    )

    assert page.status_code == 200
    assert b'id="export-json"' in page.content
    assert "Completed" in page.content.decode()
    assert export.status_code == 200
    assert export["Cache-Control"] == "private, no-store"
    assert b"taro@example.jp" in b"".join(export.streaming_content)
    assert request.events.filter(action="export_downloaded").exists()


def test_a_member_sees_only_their_own_requests(member_client, django_user_model):
    other = django_user_model.objects.create_user(username="jiro", email="jiro@example.jp", password="x")
    theirs = submitted(RequestKind.PURPOSES, user=other)

    detail = member_client.get(
        reverse("customer:privacy-request-detail", kwargs={"reference": theirs.reference})
    )
    listing = member_client.get(reverse("customer:privacy-request-list"))

    assert detail.status_code == 404
    assert theirs.reference not in listing.content.decode()


def test_staff_notes_stay_off_the_persons_timeline(member_client, member, officer):
    request = submitted(RequestKind.PURPOSES, user=member)
    services.privacy_request_note(request=request, staff=officer, note="Internal: looks like a duplicate")
    services.privacy_request_note(
        request=request, staff=officer, note="We are checking", visible_to_requester=True
    )

    page = member_client.get(
        reverse("customer:privacy-request-detail", kwargs={"reference": request.reference})
    )

    assert "We are checking" in page.content.decode()
    assert "duplicate" not in page.content.decode()


def test_the_member_pages_need_a_login(client):
    response = client.get(reverse("customer:privacy-request-list"))

    assert response.status_code == 302
    assert "login" in response["Location"]


# --- Upload validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("id.pdf", b"<html>not a pdf</html>", "application/pdf"), "PDF, JPEG or PNG"),
        (SimpleUploadedFile("id.png", pdf_bytes()[:20], "image/png"), "PDF, JPEG or PNG"),  # truncated PDF
        (SimpleUploadedFile("id.png", image_bytes("PNG")[:30], "image/png"), "PDF, JPEG or PNG"),
        (SimpleUploadedFile("id.exe", b"MZ\x90\x00", "application/octet-stream"), "PDF, JPEG or PNG"),
        (SimpleUploadedFile("id.pdf", b"", "application/pdf"), "empty"),
    ],
)
def test_a_wrong_file_gets_a_form_error_not_a_server_error(member_client, upload, message, english):
    response = member_client.post(
        reverse("customer:privacy-request-create"), request_form_data(requester_id=upload)
    )

    assert response.status_code == 400
    assert message in form_errors(response)
    assert not PrivacyRequest.objects.exists()


def test_a_too_big_file_gets_a_form_error(member_client, settings, english):
    settings.PRIVACY_UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("id.pdf", pdf_bytes("x" * 2000), "application/pdf")

    response = member_client.post(
        reverse("customer:privacy-request-create"), request_form_data(requester_id=big)
    )

    assert response.status_code == 400
    assert "at most" in form_errors(response)
    assert not PrivacyRequest.objects.exists()


def test_a_jpeg_with_any_name_is_accepted(member_client):
    response = member_client.post(
        reverse("customer:privacy-request-create"), request_form_data(requester_id=jpeg_upload("scan.bin"))
    )

    assert response.status_code == 302
    assert PrivacyRequest.objects.get().identity_documents.get().content_type == "image/jpeg"


@pytest.mark.parametrize("kind", ["disclosure", "purposes", "cessation_of_use"])
def test_a_signed_in_member_attaches_an_identity_document_too(member_client, english, kind):
    # The rule the privacy policy states (v2, section 7): every request carries an identity document.
    data = request_form_data(kind=kind, delivery_method="electronic")
    data.pop("requester_id", None)

    response = member_client.post(reverse("customer:privacy-request-create"), data)

    assert response.status_code == 400
    assert "Attach a copy of your identity document." in form_errors(response)
    assert not PrivacyRequest.objects.exists()
    assert (
        b"privacy-request-identity" in member_client.get(reverse("customer:privacy-request-create")).content
    )


def test_paper_delivery_needs_an_address(member_client, english):
    response = member_client.post(
        reverse("customer:privacy-request-create"),
        request_form_data(kind="disclosure", delivery_method="paper", requester_id=pdf_upload()),
    )

    assert response.status_code == 400
    assert "address" in form_errors(response)


def test_a_correction_request_keeps_the_items_and_values(member_client):
    response = member_client.post(
        reverse("customer:privacy-request-create"),
        request_form_data(
            kind="correction",
            requester_id=pdf_upload(),
            reissue_certificates="on",
            **{
                "correction-0-item": "last_name",
                "correction-0-value": "佐藤",
                "correction-1-item": "address",
                "correction-1-delete": "on",
            },  # fmt: skip
        ),
    )

    assert response.status_code == 302
    request = PrivacyRequest.objects.get()
    assert request.corrections == [
        {"item": "last_name", "value": "佐藤", "delete": False},
        {"item": "address", "value": "", "delete": True},
    ]
    assert request.reissue_certificates


# --- People without an account -------------------------------------------------------------------


def test_a_person_without_an_account_asks_and_follows_the_signed_link(
    client, processors, django_capture_on_commit_callbacks, officer, english
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy_requests:public-form"),
            public_form_data(kind="disclosure", delivery_method="electronic", requester_id=pdf_upload()),
        )

    assert response.status_code == 302
    request = PrivacyRequest.objects.get()
    assert request.requester is None
    received = client.get(response["Location"])
    assert request.reference in received.content.decode()
    (notice,) = OutboxMessage.objects.filter(reference__startswith=f"privacy-request:{request.reference}")
    assert notice.purpose == Purpose.PERSONAL_DATA_NOTICE
    email = mail.outbox[-1]
    assert email.to == ["hanako@example.jp"]
    link = re.search(r"http://\S+/privacy/request/status/\S+/", email.body).group(0)
    path = link.split("8000", 1)[1]
    assert client.get(path).status_code == 200

    verified(request, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_complete(request=request, staff=officer)
    page = client.get(path)
    download = client.get(path + "export.pdf")

    assert b'id="export-pdf"' in page.content
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # A tampered link opens nothing.
    assert client.get(path[:-3] + "xx/").status_code == 404


def test_an_agent_uses_the_public_form_with_both_documents(client, english):
    response = client.post(
        reverse("privacy_requests:public-form"),
        public_form_data(
            is_agent="on",
            agent_name="佐藤 一郎",
            agent_email="agent@example.jp",
            power_of_attorney=pdf_upload("poa.pdf"),
            agent_id=jpeg_upload("agent.jpg"),
        ),
    )

    assert response.status_code == 302
    request = PrivacyRequest.objects.get()
    assert request.is_agent and request.reply_email == "agent@example.jp"
    assert sorted(request.identity_documents.values_list("role", flat=True)) == [
        "agent_id",
        "power_of_attorney",
    ]


def test_an_agent_without_a_power_of_attorney_gets_a_form_error(client, english):
    response = client.post(
        reverse("privacy_requests:public-form"),
        public_form_data(
            is_agent="on", agent_name="佐藤", agent_email="agent@example.jp", agent_id=pdf_upload()
        ),
    )

    assert response.status_code == 400
    assert "power of attorney" in form_errors(response)


def test_the_public_form_is_throttled_per_address(client, settings):
    settings.PRIVACY_REQUEST_PUBLIC_PER_HOUR = 2
    for _attempt in range(2):
        assert (
            client.post(
                reverse("privacy_requests:public-form"), public_form_data(requester_id=pdf_upload())
            ).status_code
            == 302
        )

    response = client.post(
        reverse("privacy_requests:public-form"), public_form_data(requester_id=pdf_upload())
    )

    assert response.status_code == 429
    assert PrivacyRequest.objects.count() == 2
    other = client.post(
        reverse("privacy_requests:public-form"),
        public_form_data(requester_id=pdf_upload()),
        REMOTE_ADDR="192.0.2.10",
    )
    assert other.status_code == 302


# --- Private files --------------------------------------------------------------------------------


@pytest.fixture
def disclosed_request(officer):
    request = verified(submitted(RequestKind.DISCLOSURE), officer)
    services.disclosure_prepare(request=request, staff=officer)
    request.refresh_from_db()
    return request


def private_urls(request) -> list[str]:
    document = request.identity_documents.get()
    return [
        reverse("privacy_requests:identity-file", kwargs={"pk": document.pk}),
        reverse(
            "privacy_requests:disclosure-file", kwargs={"reference": request.reference, "file_format": "pdf"}
        ),
        reverse(
            "privacy_requests:disclosure-file", kwargs={"reference": request.reference, "file_format": "json"}
        ),
    ]


@pytest.mark.parametrize("who", ["anonymous", "customer", "staff without permission", "operations staff"])
def test_private_files_are_not_reachable_without_permission(
    client, django_user_model, disclosed_request, who
):
    if who == "customer":
        client.force_login(
            django_user_model.objects.create_user(username="c", email="taro@example.jp", password="x")
        )
    elif who == "staff without permission":
        verified_login(client, staff_in(None, django_user_model, "clerk@offsetmart.example"))
    elif who == "operations staff":
        verified_login(client, staff_in(OPERATIONS_STAFF_GROUP, django_user_model, "ops@offsetmart.example"))

    for url in private_urls(disclosed_request):
        response = client.get(url)
        assert response.status_code in (403, 404), (url, response.status_code)


def test_private_files_are_never_under_the_media_url(disclosed_request):
    document = disclosed_request.identity_documents.get()

    assert not document.file.name.startswith("/media")
    for url in private_urls(disclosed_request):
        assert not url.startswith("/media/")


def test_a_privacy_officer_views_the_document_and_the_look_is_logged(
    officer_client, disclosed_request, monkeypatch
):
    looked = []
    monkeypatch.setattr(
        "legal.staff.access_log.staff_access_record",
        lambda **kwargs: looked.append((kwargs["action"], kwargs["staff"])),
    )
    document_url, pdf_url, _json_url = private_urls(disclosed_request)

    document = officer_client.get(document_url)
    pdf = officer_client.get(pdf_url)

    assert document.status_code == 200
    assert document["Content-Type"] == "application/pdf"
    assert document["X-Content-Type-Options"] == "nosniff"
    assert b"".join(document.streaming_content).startswith(b"%PDF")
    assert pdf.status_code == 200
    assert looked == [("view_identity_document", officer_client.user), ("view_export", officer_client.user)]


def test_purged_documents_are_gone_for_staff_too(officer_client, disclosed_request, officer):
    services.privacy_request_complete(request=disclosed_request, staff=officer)
    disclosed_request.refresh_from_db()
    services.identity_documents_purge(now=disclosed_request.closed_at + datetime.timedelta(days=31))

    for url in private_urls(disclosed_request):
        assert officer_client.get(url).status_code == 404


# --- Dashboard ------------------------------------------------------------------------------------


def test_customers_and_other_staff_cannot_open_the_dashboard_section(client, django_user_model, member):
    request = submitted(RequestKind.PURPOSES)
    urls = [dashboard("list"), dashboard("detail", reference=request.reference)]
    client.force_login(member)
    assert all(client.get(url).status_code == 403 for url in urls)
    verified_login(client, staff_in(OPERATIONS_STAFF_GROUP, django_user_model, "ops@offsetmart.example"))
    assert all(client.get(url).status_code == 403 for url in urls)
    response = client.post(dashboard("decide", reference=request.reference), {"decision": "complete"})
    assert response.status_code == 403


def test_the_list_shows_overdue_and_soon_due_counts_and_filters(officer_client):
    today = timezone.localdate()
    overdue, soon, later = (submitted(RequestKind.PURPOSES) for _ in range(3))
    PrivacyRequest.objects.filter(pk=overdue.pk).update(due_on=today - datetime.timedelta(days=2))
    PrivacyRequest.objects.filter(pk=soon.pk).update(due_on=today + datetime.timedelta(days=1))

    response = officer_client.get(dashboard("list"))
    overdue_only = officer_client.get(dashboard("list") + "?due=overdue")
    soon_only = officer_client.get(dashboard("list") + "?due=soon")
    assigned_to_me = officer_client.get(dashboard("list") + "?assigned=me")

    assert response.status_code == 200
    assert response.context["counts"] == {"open": 3, "overdue": 1, "due_soon": 1}
    assert re.search(r'id="count-overdue">\s*1<', response.content.decode())
    assert [item.reference for item in overdue_only.context["privacy_requests"]] == [overdue.reference]
    assert [item.reference for item in soon_only.context["privacy_requests"]] == [soon.reference]
    assert list(assigned_to_me.context["privacy_requests"]) == []
    assert later.reference in response.content.decode()


def test_the_dashboard_index_shows_the_counts(staff_client):
    overdue = submitted(RequestKind.PURPOSES)
    PrivacyRequest.objects.filter(pk=overdue.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    response = staff_client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    assert re.search(r'id="count-overdue">\s*1<', response.content.decode())


def test_an_officer_assigns_verifies_and_completes_from_the_dashboard(
    officer_client, officer, processors, django_capture_on_commit_callbacks
):
    request = submitted(RequestKind.PURPOSES)
    document = request.identity_documents.get()

    assert officer_client.get(dashboard("detail", reference=request.reference)).status_code == 200
    officer_client.post(dashboard("assign", reference=request.reference), {"to_me": "1"})
    officer_client.post(dashboard("document-verify", reference=request.reference, pk=document.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            dashboard("decide", reference=request.reference), {"decision": "complete", "reply": "Done."}
        )

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.assigned_to, request.status, request.decision) == (
        officer,
        RequestStatus.COMPLETED,
        "Done.",
    )
    assert OutboxMessage.objects.filter(
        reference=f"privacy-request:{request.reference}:completed", purpose=Purpose.PERSONAL_DATA_NOTICE
    ).exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"decision": "refuse", "refusal_explanation": "No."}, "refusal_reason"),
        ({"decision": "refuse", "refusal_reason": "other_laws"}, "refusal_explanation"),
        (
            {"decision": "partially_refuse", "refusal_reason": "invented", "refusal_explanation": "No."},
            "refusal_reason",
        ),
    ],
)
def test_refusing_without_a_listed_reason_and_explanation_is_a_form_error(officer_client, data, field):
    request = submitted(RequestKind.PURPOSES)

    response = officer_client.post(dashboard("decide", reference=request.reference), data)

    assert response.status_code == 400
    assert field in response.context["decision_form"].errors
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


def test_rejecting_a_document_in_the_dashboard_needs_a_reason(officer_client):
    request = submitted(RequestKind.PURPOSES)
    document = request.identity_documents.get()
    url = dashboard("document-reject", reference=request.reference, pk=document.pk)

    empty = officer_client.post(url, {f"reject-{document.pk}-reason": ""})
    given = officer_client.post(url, {f"reject-{document.pk}-reason": "Expired licence."})

    assert empty.status_code == 400
    assert given.status_code == 302
    document.refresh_from_db()
    assert (document.verification, document.rejection_reason) == ("rejected", "Expired licence.")


def test_completing_before_identity_is_confirmed_is_refused_with_the_reason(officer_client, english):
    request = submitted(RequestKind.PURPOSES)

    response = officer_client.post(dashboard("decide", reference=request.reference), {"decision": "complete"})

    assert response.status_code == 400
    assert any("identity" in error for error in response.context["errors"])


def test_the_correction_page_shows_current_and_requested_values_and_applies_them(
    officer_client, officer, member
):
    request = verified(
        submitted(
            RequestKind.CORRECTION,
            user=member,
            corrections=[{"item": "first_name", "value": "次郎"}, {"item": "other", "value": "my phone"}],
        ),
        officer,
    )
    url = dashboard("correction", reference=request.reference)

    page = officer_client.get(url)
    response = officer_client.post(url, {"value_first_name": "次郎"})

    assert page.status_code == 200
    assert [row["current"] for row in page.context["form"].rows] == ["太郎"]
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == "次郎"


def test_the_paper_disclosure_is_downloaded_and_marked_posted_by_staff(officer_client, officer):
    request = verified(
        submitted(RequestKind.DISCLOSURE, delivery_method="paper", requester_postal_address="東京都港区1-1"),
        officer,
    )

    officer_client.post(dashboard("export-prepare", reference=request.reference))
    pdf = officer_client.get(
        reverse(
            "privacy_requests:disclosure-file", kwargs={"reference": request.reference, "file_format": "pdf"}
        )
    )
    officer_client.post(dashboard("posted", reference=request.reference))
    officer_client.post(dashboard("decide", reference=request.reference), {"decision": "complete"})

    assert pdf.status_code == 200
    request.refresh_from_db()
    assert request.posted_at is not None
    assert request.status == RequestStatus.COMPLETED


def test_the_privacy_officers_group_has_what_the_section_needs():
    group = Group.objects.get(name=PRIVACY_OFFICERS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert {
        "view_privacyrequest",
        "change_privacyrequest",
        "decide_privacyrequest",
        "view_privacy_files",
    } <= codenames


def test_the_menu_shows_privacy_requests_to_officers_only(officer, django_user_model, member, english):
    from oscar.apps.dashboard.menu import get_nodes

    operations = staff_in(OPERATIONS_STAFF_GROUP, django_user_model, "ops@offsetmart.example")

    assert "Privacy requests" in [str(node.label) for node in get_nodes(officer)]
    assert "Privacy requests" not in [str(node.label) for node in get_nodes(operations)]
    assert "Privacy requests" not in [str(node.label) for node in get_nodes(member)]


def test_the_admin_shows_requests_read_only(staff_client):
    request = submitted(RequestKind.PURPOSES)

    listing = staff_client.get(reverse("admin:legal_privacyrequest_changelist"))
    change = staff_client.post(
        reverse("admin:legal_privacyrequest_change", args=[request.pk]), {"status": "completed"}
    )

    assert listing.status_code == 200
    assert request.reference in listing.content.decode()
    assert change.status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


def test_the_footer_leads_visitors_to_the_public_form_and_members_to_their_requests(
    client, django_user_model
):
    visitor_page = client.get("/en/").content.decode()
    assert 'href="/en/privacy/request/" id="footer-privacy-request"' in visitor_page

    member = django_user_model.objects.create_user(username="hanako", email="hanako@example.jp", password="x")
    client.force_login(member)
    member_page = client.get("/en/").content.decode()
    assert 'href="/en/accounts/privacy/requests/" id="footer-privacy-request"' in member_page
