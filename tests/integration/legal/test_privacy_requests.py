"""Privacy requests from receipt to the outcome the person is told, through the services."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model

from legal.privacy.requests import selectors, services
from legal.privacy.requests.links import reference_from_token, request_token
from legal.privacy.requests.models import (
    IdentityDocument,
    PrivacyRequest,
    PrivacyRequestEvent,
    PrivacyRequestEventLocked,
    RefusalReason,
    RequestKind,
    RequestStatus,
    UseRestriction,
)
from legal.processors.models import OutboxMessage, ProvisionRecord, Purpose
from tests.factories import certificates as certificate_factories
from tests.factories.privacy_requests import pdf_upload, png_upload, submitted, verified

pytestmark = pytest.mark.django_db

Role = IdentityDocument.Role
Event = PrivacyRequestEvent.Action
ProductAlert = get_model("customer", "ProductAlert")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user(
        username="officer", email="officer@offsetmart.example", password="x", is_staff=True
    )


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user(
        username="taro", email="taro@example.jp", password="x", first_name="太郎", last_name="山田"
    )


def notices(request: PrivacyRequest) -> list[OutboxMessage]:
    return list(
        OutboxMessage.objects.filter(reference__startswith=f"privacy-request:{request.reference}:").order_by(
            "pk"
        )
    )


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def actions(request: PrivacyRequest) -> list[str]:
    return list(request.events.order_by("pk").values_list("action", flat=True))


# --- Receipt ------------------------------------------------------------------------------


def test_a_request_is_due_14_days_after_receipt_and_acknowledged_through_the_gateway(
    processors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = submitted(RequestKind.PURPOSES)

    assert request.status == RequestStatus.RECEIVED
    assert request.due_on == timezone.localdate(request.received_at) + datetime.timedelta(days=14)
    assert request.reference.startswith("PR-")
    (notice,) = notices(request)
    assert notice.purpose == Purpose.PERSONAL_DATA_NOTICE
    assert notice.status == OutboxMessage.Status.SENT
    record = ProvisionRecord.objects.get(reference=notice.reference)
    assert record.purpose == Purpose.PERSONAL_DATA_NOTICE
    (email,) = sent_to("taro@example.jp")
    assert request.reference in email.subject
    assert request.reference in email.body
    # A person without an account gets a signed link to follow the request.
    assert "/privacy/request/status/" in email.body
    assert actions(request) == [Event.RECEIVED, Event.DOCUMENT_UPLOADED]


def test_the_due_date_follows_the_setting(settings):
    settings.PRIVACY_REQUEST_DUE_DAYS = 10

    request = submitted(RequestKind.PURPOSES)

    assert request.due_on == timezone.localdate(request.received_at) + datetime.timedelta(days=10)


@pytest.mark.parametrize(
    "kind, fields, message",
    [
        (RequestKind.DISCLOSURE, {"delivery_method": ""}, "electronically or on paper"),
        (RequestKind.DISCLOSURE, {"delivery_method": "paper"}, "postal address"),
        (RequestKind.CORRECTION, {}, "correct, add or delete"),
        (RequestKind.PURPOSES, {"documents": []}, "identity document of the person"),
    ],
)
def test_an_incomplete_request_is_refused_with_the_reason_and_nothing_is_stored(
    kind, fields, message, english
):
    with pytest.raises(ValidationError) as refused:
        submitted(kind, **fields)

    assert any(message in text for text in refused.value.messages), refused.value.messages
    assert not PrivacyRequest.objects.exists()
    assert not IdentityDocument.objects.exists()


def test_an_agent_needs_the_power_of_attorney_and_their_own_id(english):
    with pytest.raises(ValidationError) as refused:
        submitted(
            RequestKind.PURPOSES,
            is_agent=True,
            agent_name="Agent",
            agent_email="agent@example.jp",
            documents=[(Role.REQUESTER_ID, pdf_upload())],
        )

    assert any("power of attorney" in text for text in refused.value.messages)
    assert any("identity document of the agent" in text for text in refused.value.messages)


def test_a_file_that_is_not_a_pdf_or_image_is_refused(english):
    fake = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")

    with pytest.raises(ValidationError) as refused:
        submitted(RequestKind.PURPOSES, documents=[(Role.REQUESTER_ID, fake)])

    assert any("PDF, JPEG or PNG" in text for text in refused.value.messages)


def test_identity_documents_are_stored_privately_outside_the_media_root(private_root):
    request = submitted(RequestKind.PURPOSES)

    document = request.identity_documents.get()
    path = Path(document.file.path)
    assert path.is_relative_to(Path(private_root).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "licence" not in document.file.name  # the person's file name is not kept
    assert document.content_type == "application/pdf"
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018  (no public URL exists)


# --- Identity ------------------------------------------------------------------------------


def test_verifying_the_persons_id_confirms_identity_and_starts_the_work(officer):
    request = submitted(RequestKind.PURPOSES)

    services.identity_document_verify(document=request.identity_documents.get(), staff=officer)

    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert selectors.identity_confirmed(request=request)
    document = request.identity_documents.get()
    assert (document.verification, document.verified_by) == (IdentityDocument.Verification.VERIFIED, officer)
    assert actions(request)[-2:] == [Event.DOCUMENT_VERIFIED, Event.IDENTITY_CONFIRMED]


def test_an_agent_request_needs_both_documents_verified(officer):
    request = submitted(RequestKind.PURPOSES, agent=True)
    power_of_attorney = request.identity_documents.get(role=Role.POWER_OF_ATTORNEY)
    agent_id = request.identity_documents.get(role=Role.AGENT_ID)

    services.identity_document_verify(document=power_of_attorney, staff=officer)
    assert not selectors.identity_confirmed(request=request)
    services.identity_document_verify(document=agent_id, staff=officer)

    assert selectors.identity_confirmed(request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.reply_email == "agent@example.jp"


def test_a_rejected_document_tells_the_person_why_and_another_can_be_sent(
    officer, processors, django_capture_on_commit_callbacks, english
):
    request = submitted(RequestKind.PURPOSES, agent=True)
    agent_id = request.identity_documents.get(role=Role.AGENT_ID)

    with django_capture_on_commit_callbacks(execute=True):
        services.identity_document_reject(document=agent_id, staff=officer, reason="The copy is unreadable.")

    request.refresh_from_db()
    assert request.status == RequestStatus.IDENTITY_PENDING
    rejection = notices(request)[-1]
    assert rejection.reference.endswith(":identity_rejected")
    assert rejection.purpose == Purpose.PERSONAL_DATA_NOTICE
    (email,) = sent_to("agent@example.jp")[-1:]
    assert "The copy is unreadable." in email.body

    services.identity_document_add(request=request, role=Role.AGENT_ID, upload=png_upload(), actor=None)

    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED
    assert request.identity_documents.filter(role=Role.AGENT_ID).count() == 2


def test_rejecting_needs_a_reason(officer):
    request = submitted(RequestKind.PURPOSES)

    with pytest.raises(ValidationError):
        services.identity_document_reject(
            document=request.identity_documents.get(), staff=officer, reason=" "
        )

    assert request.identity_documents.get().verification == IdentityDocument.Verification.PENDING


def test_nothing_is_granted_before_identity_is_confirmed(officer):
    request = submitted(RequestKind.PURPOSES)

    with pytest.raises(ValidationError):
        services.privacy_request_complete(request=request, staff=officer)

    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


# --- Outcomes per kind ---------------------------------------------------------------------------


def test_electronic_disclosure_is_prepared_kept_and_the_person_told(
    officer, member, processors, django_capture_on_commit_callbacks, private_root
):
    request = verified(submitted(RequestKind.DISCLOSURE, user=member), officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_complete(request=request, staff=officer, reply="Here is your data.")

    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert request.closed_at is not None
    disclosed = json.loads(request.export_json.read())
    assert disclosed["subject"]["email"] == member.email
    assert disclosed["sections"]["profile"]["tables"]["account"]["rows"][0]["last_name"] == "山田"
    assert request.export_pdf.read().startswith(b"%PDF")
    assert Path(request.export_json.path).is_relative_to(Path(private_root).resolve())
    outcome = notices(request)[-1]
    assert outcome.reference.endswith(":completed")
    assert outcome.status == OutboxMessage.Status.SENT
    email = sent_to(member.email)[-1]
    assert "Here is your data." in email.body
    assert f"/accounts/privacy/requests/{request.reference}/" in email.body


def test_a_disclosure_on_paper_is_completed_only_once_posted(officer):
    request = verified(
        submitted(
            RequestKind.DISCLOSURE, delivery_method="paper", requester_postal_address="東京都千代田区1-1"
        ),
        officer,
    )
    services.disclosure_prepare(request=request, staff=officer)

    with pytest.raises(ValidationError):
        services.privacy_request_complete(request=request, staff=officer)
    services.disclosure_mark_posted(request=request, staff=officer)
    services.privacy_request_complete(request=request, staff=officer)

    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert request.posted_at is not None
    assert Event.POSTED in actions(request)


def test_disclosure_of_provision_records_keeps_only_the_records(
    officer, processors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = verified(submitted(RequestKind.PROVISION_RECORDS), officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_complete(request=request, staff=officer)

    request.refresh_from_db()
    disclosed = json.loads(request.export_json.read())
    # The acknowledgement e-mail itself was a hand-over of this person's address.
    records = disclosed["sections"]["provision_records"]["tables"]["provision_records"]["rows"]
    assert [record["purpose"] for record in records] == [str(Purpose.PERSONAL_DATA_NOTICE.label)]
    assert list(disclosed["sections"]) == ["provision_records"]
    assert notices(request)[-1].reference.endswith(":completed")


def test_notification_of_purposes_lists_them_in_the_reply(
    officer, processors, django_capture_on_commit_callbacks, english
):
    request = verified(submitted(RequestKind.PURPOSES), officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_complete(request=request, staff=officer)

    email = sent_to("taro@example.jp")[-1]
    assert "We use personal data for these purposes:" in email.body
    assert "retiring the credits you bought" in email.body


@pytest.mark.parametrize("partial", [False, True])
def test_a_refusal_needs_a_listed_reason_and_an_explanation(officer, partial):
    request = verified(submitted(RequestKind.PURPOSES), officer)

    for reason, explanation in [("", "Because."), ("made_up", "Because."), (RefusalReason.OTHER_LAWS, "  ")]:
        with pytest.raises(ValidationError):
            services.privacy_request_refuse(
                request=request, staff=officer, reason=reason, explanation=explanation, partial=partial
            )

    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS


def test_a_refusal_tells_the_person_the_reason_and_the_explanation(
    officer, processors, django_capture_on_commit_callbacks, english
):
    request = submitted(RequestKind.DISCLOSURE)

    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_refuse(
            request=request,
            staff=officer,
            reason=RefusalReason.IDENTITY_NOT_CONFIRMED,
            explanation="The name on the licence differs from the account.",
        )

    request.refresh_from_db()
    assert (request.status, request.refusal_reason) == (
        RequestStatus.REFUSED,
        RefusalReason.IDENTITY_NOT_CONFIRMED,
    )
    outcome = notices(request)[-1]
    assert outcome.reference.endswith(":refused")
    assert outcome.purpose == Purpose.PERSONAL_DATA_NOTICE
    email = sent_to("taro@example.jp")[-1]
    assert "We could not confirm the identity of the person" in email.body
    assert "The name on the licence differs from the account." in email.body


def test_a_partial_refusal_is_told_with_its_reason(
    officer, processors, django_capture_on_commit_callbacks, english
):
    request = verified(submitted(RequestKind.DISCLOSURE), officer)
    services.disclosure_prepare(request=request, staff=officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_refuse(
            request=request,
            staff=officer,
            reason=RefusalReason.HARM_TO_PERSON,
            explanation="Messages naming another customer are left out.",
            partial=True,
        )

    request.refresh_from_db()
    assert request.status == RequestStatus.PARTIALLY_REFUSED
    assert notices(request)[-1].reference.endswith(":partially_refused")
    email = sent_to("taro@example.jp")[-1]
    assert "Part of your request was refused." in email.body
    assert "Messages naming another customer are left out." in email.body


def test_a_closed_request_takes_no_further_decision(officer):
    request = verified(submitted(RequestKind.PURPOSES), officer)
    services.privacy_request_complete(request=request, staff=officer)

    with pytest.raises(ValidationError):
        services.privacy_request_refuse(
            request=request, staff=officer, reason=RefusalReason.OTHER_LAWS, explanation="Too late."
        )


def test_correction_applies_to_the_account_in_one_go_and_is_recorded(
    officer, member, processors, django_capture_on_commit_callbacks
):
    request = verified(
        submitted(
            RequestKind.CORRECTION,
            user=member,
            corrections=[
                {"item": "last_name", "value": "佐藤"},
                {"item": "email", "value": "sato@example.jp"},
            ],
        ),
        officer,
    )
    with pytest.raises(ValidationError):
        services.privacy_request_complete(request=request, staff=officer)  # not applied yet

    changes = services.correction_apply(
        request=request, staff=officer, values={"last_name": "佐藤", "email": "sato@example.jp"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_complete(request=request, staff=officer)

    member.refresh_from_db()
    assert (member.last_name, member.email) == ("佐藤", "sato@example.jp")
    assert len(changes) == 2
    event = request.events.get(action=Event.CORRECTION_APPLIED)
    assert "佐藤" in event.note and event.actor == officer
    assert notices(request)[-1].reference.endswith(":completed")


def test_a_correction_with_a_bad_value_changes_nothing(officer, member, django_user_model):
    django_user_model.objects.create_user(username="other", email="taken@example.jp", password="x")
    request = verified(
        submitted(
            RequestKind.CORRECTION,
            user=member,
            corrections=[
                {"item": "first_name", "value": "次郎"},
                {"item": "email", "value": "taken@example.jp"},
            ],
        ),
        officer,
    )

    with pytest.raises(ValidationError):
        services.correction_apply(
            request=request, staff=officer, values={"first_name": "次郎", "email": "taken@example.jp"}
        )

    member.refresh_from_db()
    assert (member.first_name, member.email) == ("太郎", "taro@example.jp")
    assert not request.events.filter(action=Event.CORRECTION_APPLIED).exists()


@pytest.mark.parametrize("reissue", [True, False])
def test_certificates_are_reissued_only_when_the_person_asked(
    officer, member, processors, django_capture_on_commit_callbacks, reissue
):
    certificate = certificate_factories.certificate_for(user=member)
    request = verified(
        submitted(
            RequestKind.CORRECTION,
            user=member,
            corrections=[{"item": "beneficiary_name", "value": "株式会社サトウ"}],
            reissue_certificates=reissue,
        ),
        officer,
    )

    with django_capture_on_commit_callbacks(execute=True):
        if reissue:
            services.correction_apply(
                request=request, staff=officer, values={"beneficiary_name": "株式会社サトウ"}
            )
        else:
            with pytest.raises(ValidationError):  # the only order has its certificate: nothing to change
                services.correction_apply(
                    request=request, staff=officer, values={"beneficiary_name": "株式会社サトウ"}
                )

    certificate.refresh_from_db()
    Certificate = type(certificate)
    if reissue:
        assert certificate.status == Certificate.Status.SUPERSEDED
        replacement = Certificate.objects.get(supersedes=certificate)
        assert replacement.beneficiary_name == "株式会社サトウ"
        assert request.events.filter(action=Event.CERTIFICATE_REISSUED).exists()
    else:
        assert certificate.status == Certificate.Status.VALID
        assert not Certificate.objects.filter(supersedes=certificate).exists()


def confirmed_alert(product, email: str):
    alert = ProductAlert.objects.create(product=product, email=email)
    alert.confirm()
    return alert


def test_cessation_of_use_stops_product_alerts_but_not_the_contract(
    officer, member, processors, django_capture_on_commit_callbacks, english
):
    from tests.factories.offsets import CreditBatchFactory

    batch = CreditBatchFactory()
    ProductAlert.objects.create(product=batch.product, user=member, status=ProductAlert.ACTIVE)
    anonymous_alert = confirmed_alert(batch.product, "TARO@example.jp")
    other_alert = confirmed_alert(batch.product, "someone@example.jp")
    request = verified(submitted(RequestKind.CESSATION_OF_USE, user=member), officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_complete(request=request, staff=officer)

    assert selectors.use_restricted(user=member)
    assert selectors.use_restricted(email="Taro@Example.jp")
    assert ProductAlert.objects.get(user=member).status == ProductAlert.CANCELLED
    anonymous_alert.refresh_from_db()
    assert anonymous_alert.status == ProductAlert.CANCELLED
    email = sent_to(member.email)[-1]
    assert "What continues, and why:" in email.body
    assert "required by law" in email.body

    # An alert made afterwards with the same address is not sent either.
    late_alert = confirmed_alert(batch.product, "taro@example.jp")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("oscar_send_alerts")

    late_alert.refresh_from_db()
    other_alert.refresh_from_db()
    assert late_alert.status == ProductAlert.CANCELLED
    assert other_alert.status == ProductAlert.CLOSED  # everyone else still gets theirs
    assert sent_to("someone@example.jp")
    assert not sent_to("taro@example.jp")


@pytest.mark.parametrize("kind", [RequestKind.CESSATION_OF_USE, RequestKind.CESSATION_OF_PROVISION])
def test_cessation_hides_the_beneficiary_on_the_verification_page(
    officer, member, processors, django_capture_on_commit_callbacks, english, kind
):
    certificate = certificate_factories.certificate_for(user=member, show_publicly=True)
    guest_certificate = certificate_factories.certificate_for(guest_email=member.email, show_publicly=True)
    other_certificate = certificate_factories.certificate_for(
        guest_email="other@example.jp", show_publicly=True
    )
    request = verified(submitted(kind, user=member), officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_complete(request=request, staff=officer)

    for shown in (certificate, guest_certificate, other_certificate):
        shown.refresh_from_db()
        shown.order.refresh_from_db()
    assert not certificate.show_publicly and not certificate.order.show_on_verification_page
    assert not guest_certificate.show_publicly
    assert other_certificate.show_publicly  # someone else's choice stands
    assert (
        "hidden from the verification page: 2" in request.events.get(action=Event.RESTRICTION_RECORDED).note
    )


def test_cessation_of_third_party_provision_records_its_restriction_and_tells_the_person(
    officer, processors, django_capture_on_commit_callbacks, english
):
    request = verified(submitted(RequestKind.CESSATION_OF_PROVISION), officer)

    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_complete(request=request, staff=officer)

    outcome = notices(request)[-1]
    assert (outcome.reference, outcome.status) == (
        f"privacy-request:{request.reference}:completed",
        OutboxMessage.Status.SENT,
    )
    assert "What continues, and why:" in sent_to("taro@example.jp")[-1].body

    restriction = UseRestriction.objects.get(request=request)
    assert restriction.scope == UseRestriction.Scope.THIRD_PARTY_PROVISION
    assert not selectors.use_restricted(email="taro@example.jp")  # marketing is a different scope
    assert selectors.use_restricted(email="taro@example.jp", scope=UseRestriction.Scope.THIRD_PARTY_PROVISION)


def test_the_database_refuses_a_refusal_without_reason_or_explanation():
    from django.db import IntegrityError, transaction

    request = submitted(RequestKind.PURPOSES)

    for reason, explanation in [("", "Because."), (RefusalReason.OTHER_LAWS, "")]:
        with pytest.raises(IntegrityError), transaction.atomic():
            PrivacyRequest.objects.filter(pk=request.pk).update(
                status=RequestStatus.REFUSED, refusal_reason=reason, refusal_explanation=explanation
            )


def test_a_withdrawn_request_is_closed_and_the_person_told(processors, django_capture_on_commit_callbacks):
    request = submitted(RequestKind.PURPOSES)

    with django_capture_on_commit_callbacks(execute=True):
        services.privacy_request_withdraw(request=request, actor=None)

    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert notices(request)[-1].reference.endswith(":withdrawn")


# --- Lists ----------------------------------------------------------------------------------------


def test_overdue_and_soon_due_requests_are_listed_and_counted():
    today = timezone.localdate()
    overdue = submitted(RequestKind.PURPOSES)
    due_soon = submitted(RequestKind.PURPOSES)
    later = submitted(RequestKind.PURPOSES)
    closed_overdue = submitted(RequestKind.PURPOSES)
    services.privacy_request_withdraw(request=closed_overdue, actor=None)
    for request, due in [
        (overdue, today - datetime.timedelta(days=1)),
        (due_soon, today + datetime.timedelta(days=3)),
        (later, today + datetime.timedelta(days=4)),
        (closed_overdue, today - datetime.timedelta(days=5)),
    ]:
        PrivacyRequest.objects.filter(pk=request.pk).update(due_on=due)

    assert list(selectors.staff_request_list(overdue=True)) == [overdue]
    assert list(selectors.staff_request_list(due_soon=True)) == [due_soon]
    assert selectors.request_counts() == {"open": 3, "overdue": 1, "due_soon": 1}


# --- Timeline and links -----------------------------------------------------------------------------


def test_the_timeline_is_append_only():
    request = submitted(RequestKind.PURPOSES)
    event = request.events.first()

    with pytest.raises(PrivacyRequestEventLocked):
        event.save()
    with pytest.raises(PrivacyRequestEventLocked):
        request.events.all().delete()
    with pytest.raises(PrivacyRequestEventLocked):
        request.events.update(note="changed")


def test_signed_links_name_their_request_and_expire(settings):
    token = request_token(reference="PR-20260101-ABCDEF")

    assert reference_from_token(token) == "PR-20260101-ABCDEF"
    assert reference_from_token(token[:-2] + "xx") is None
    settings.PRIVACY_REQUEST_LINK_DAYS = 0
    import time

    time.sleep(1.1)
    assert reference_from_token(token) is None


# --- Purge ------------------------------------------------------------------------------------------


def test_identity_documents_and_disclosures_are_purged_after_close_plus_the_period(officer, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS,
        "identity_documents": 30,
    }
    request = verified(submitted(RequestKind.DISCLOSURE), officer)
    services.privacy_request_complete(request=request, staff=officer)
    still_open = submitted(RequestKind.PURPOSES)
    request.refresh_from_db()
    document = request.identity_documents.get()
    paths = [Path(document.file.path), Path(request.export_json.path), Path(request.export_pdf.path)]
    assert all(path.exists() for path in paths)

    assert services.identity_documents_purge(now=request.closed_at + datetime.timedelta(days=29)) == 0
    assert all(path.exists() for path in paths)
    deleted = services.identity_documents_purge(
        now=request.closed_at + datetime.timedelta(days=30, minutes=1)
    )

    assert deleted == 3
    assert not any(path.exists() for path in paths)
    document.refresh_from_db()
    assert (document.file.name, document.content_type, document.size) == ("", "", 0)
    assert document.purged_at is not None
    assert document.verification == IdentityDocument.Verification.VERIFIED  # the fact of the check stays
    request.refresh_from_db()
    assert request.files_purged_at is not None
    assert not request.export_json.name
    assert Event.FILES_PURGED in actions(request)
    assert Path(still_open.identity_documents.get().file.path).exists()
    # Running again finds nothing more.
    assert services.identity_documents_purge(now=request.closed_at + datetime.timedelta(days=60)) == 0


def test_the_housekeeping_command_and_task_purge(officer, settings):
    from legal.privacy.requests.tasks import privacy_requests_housekeeping

    settings.PERSONAL_DATA_RETENTION_DAYS = {**settings.PERSONAL_DATA_RETENTION_DAYS, "identity_documents": 0}
    first = submitted(RequestKind.PURPOSES)
    services.privacy_request_withdraw(request=first, actor=None)
    second = submitted(RequestKind.PURPOSES)
    services.privacy_request_withdraw(request=second, actor=None)
    PrivacyRequest.objects.filter(pk=second.pk).update(closed_at=timezone.now() - datetime.timedelta(days=1))

    assert privacy_requests_housekeeping.delay().get() >= 1
    call_command("privacy_requests_housekeeping")

    assert not IdentityDocument.objects.filter(purged_at__isnull=True).exists()


def test_housekeeping_deletes_private_files_no_row_refers_to(private_root):
    from django.core.files.base import ContentFile

    from legal.privacy.requests.storage import private_storage

    kept = submitted(RequestKind.PURPOSES).identity_documents.get()
    orphan = private_storage.save(
        "identity/PR-20260101-ORPHAN/left-behind.pdf", ContentFile(b"%PDF-1.4 %%EOF")
    )

    assert services.private_orphans_delete() == 0  # too young: its row may not be committed yet
    deleted = services.privacy_requests_housekeeping(now=timezone.now() + datetime.timedelta(days=2))

    assert deleted == 1
    assert not private_storage.exists(orphan)
    assert private_storage.exists(kept.file.name)


def test_the_system_check_refuses_private_files_under_the_media_root(settings):
    from legal.privacy.requests.checks import private_media_root_check

    assert private_media_root_check(None) == []
    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"

    assert [error.id for error in private_media_root_check(None)] == ["legal.E001"]


def test_a_partly_refused_cessation_still_records_the_restriction(officer, member):
    request = verified(submitted(RequestKind.CESSATION_OF_USE, user=member), officer)

    services.privacy_request_refuse(
        request=request,
        staff=officer,
        reason=RefusalReason.RETENTION_REQUIRED,
        explanation="Order records are kept for 7 years under tax law.",
        partial=True,
    )

    assert selectors.use_restricted(user=member)


def test_the_personal_data_purge_also_deletes_identity_documents_past_their_period(officer):
    from legal.privacy.services import personal_data_purge

    request = verified(submitted(RequestKind.DISCLOSURE), officer)
    services.privacy_request_complete(request=request, staff=officer)
    request.refresh_from_db()
    document = Path(request.identity_documents.get().file.path)

    report = personal_data_purge(now=request.closed_at + datetime.timedelta(days=31))

    assert not document.exists()
    assert [line.count for line in report.lines if line.entry == "private_files"] == [3]
