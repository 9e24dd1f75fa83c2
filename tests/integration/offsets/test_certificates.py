"""Retirement and certificates: only retired tonnes of paid orders, each serial on one live certificate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from legal.processors import services as legal_services
from legal.processors.models import Processor, ProcessorRole, ProvisionRecord, Purpose
from offsets import services
from offsets.exceptions import CertificateRefused
from offsets.models import Certificate, CertificateEvent, CertificateSerialRange, Retirement
from offsets.services import RetirementEntry
from tests.factories.certificates import paid_order, retire
from tests.factories.offsets import CreditBatchFactory

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staff_reads_english(english):
    """The refusals are read in English here (Japanese is the default elsewhere)."""


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the work queued for after commit (Celery tasks, eager here) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def batch():
    return CreditBatchFactory(serial_prefix="JP-CERT", serial_first=1001, serial_last=1100)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="ops1", email="ops1@offsetmart.example", is_staff=True
    )


def test_recording_the_retirement_of_every_line_makes_the_order_retired(batch, staff):
    order = paid_order(batch, 3)

    [retirement] = retire(order, staff=staff)

    assert (retirement.serial_first, retirement.serial_last, retirement.recorded_by) == (1001, 1003, staff)
    order.refresh_from_db()
    assert order.status == "retired"
    assert set(order.lines.values_list("status", flat=True)) == {"retired"}
    event = order.certificate_events.get()
    assert (event.action, event.staff) == (CertificateEvent.Action.RETIREMENT_RECORDED, staff)
    assert "JCR-2026-000123" in event.note


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"serial_first": 1002, "serial_last": 1004}, "exactly the serials sold"),
        ({"registry_reference": "  "}, "retirement reference"),
        ({"retired_on": timezone.localdate() + datetime.timedelta(days=1)}, "future"),
        ({"retired_on": datetime.date(2000, 1, 1)}, "before the order was placed"),
        ({"registry_reference": "X" * 101}, "at most 100"),
    ],
)
def test_a_wrong_retirement_is_refused_with_a_message_and_nothing_recorded(batch, change, message):
    order = paid_order(batch, 3)
    allocation = order.lines.get().credit_allocations.get()
    entry = {
        "allocation_id": allocation.pk,
        "registry_reference": "JCR-1",
        "retired_on": timezone.localdate(),
        "serial_first": 1001,
        "serial_last": 1003,
        **change,
    }

    with pytest.raises(ValidationError) as refused:
        services.order_retirement_record(order=order, entries=[RetirementEntry(**entry)], recorded_by=None)

    assert message in " ".join(refused.value.messages)
    assert Retirement.objects.count() == 0
    order.refresh_from_db()
    assert order.status == "paid"


def test_an_allocation_of_another_order_or_retired_twice_is_refused(batch):
    order, other = paid_order(batch, 2), paid_order(batch, 2)
    foreign = other.lines.get().credit_allocations.get()
    retire(order)

    with pytest.raises(ValidationError, match="not part of this order"):
        services.order_retirement_record(
            order=order,
            entries=[
                RetirementEntry(
                    foreign.pk, "R", timezone.localdate(), foreign.serial_first, foreign.serial_last
                )
            ],
            recorded_by=None,
        )
    with pytest.raises(ValidationError, match="already recorded"):
        retire(order)
    assert Retirement.objects.count() == 1


def test_issuing_builds_a_valid_certificate_through_the_certificate_processor(
    batch, processors, staff, committed
):
    order = paid_order(batch, 3)
    retire(order)

    with committed():
        certificate = services.certificate_issue(order=order, requested_by=staff)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert certificate.number == f"OM-{timezone.localdate().year}-{certificate.pk:06d}"
    assert len(certificate.token) >= 32 and certificate.token not in certificate.number
    assert certificate.tonnes == 3 and certificate.beneficiary_name == "株式会社サンプル商事"
    assert [(r.serial_prefix, r.serial_first, r.serial_last) for r in certificate.serial_ranges.all()] == [
        ("JP-CERT", 1001, 1003)
    ]
    assert certificate.pdf.name.endswith(f"{certificate.token}/{certificate.number}.pdf")
    with default_storage.open(certificate.pdf.name) as pdf:
        assert pdf.read(5) == b"%PDF-"
    order.refresh_from_db()
    assert order.status == "certificate issued"
    record = ProvisionRecord.objects.get(purpose=Purpose.CERTIFICATE_ISSUANCE)
    assert record.processor == processors[ProcessorRole.CERTIFICATE_ISSUANCE]
    assert record.fields == ["beneficiary_name", "offset_purpose", "order_number"]
    assert record.reference == f"certificate:{certificate.number}"
    assert [event.action for event in order.certificate_events.order_by("pk")] == [
        "retirement_recorded",
        "issue_requested",
        "issued",
    ]


def test_issuing_twice_for_the_same_order_is_refused(batch, processors, committed):
    order = paid_order(batch, 2)
    retire(order)
    with committed():
        services.certificate_issue(order=order, requested_by=None)

    with pytest.raises(CertificateRefused, match="already has a certificate"):
        services.certificate_issue(order=order, requested_by=None)
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize("problem", ["not retired", "disputed", "shortfall"])
def test_only_retired_tonnes_of_undisputed_orders_are_certified(batch, processors, problem):
    order = paid_order(batch, 2)
    if problem == "disputed":
        retire(order)
        Order.objects.filter(pk=order.pk).update(status="disputed")
    if problem == "shortfall":
        retire(order)
        order.lines.update(quantity=3)  # paid for 3 t, only 2 t have serials: staff must substitute first

    with pytest.raises(CertificateRefused) as refused:
        services.certificate_issue(order=order, requested_by=None)

    expected = {"not retired": "not retired", "disputed": "disputed", "shortfall": "substitute credits"}[
        problem
    ]
    assert expected in refused.value.reason
    assert Certificate.objects.count() == 0


def test_a_serial_is_on_at_most_one_live_certificate_by_database_constraint(batch, processors, committed):
    order = paid_order(batch, 2)
    retire(order)
    with committed():
        certificate = services.certificate_issue(order=order, requested_by=None)
    [serials] = certificate.serial_ranges.all()
    # A second certificate (bypassing the services) for an overlapping serial is refused by the database.
    rogue = Certificate.objects.create(order=paid_order(batch, 1), beneficiary_name="x", tonnes=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateSerialRange.objects.create(
            certificate=rogue,
            retirement=serials.retirement,
            serial_prefix="JP-CERT",
            serial_first=serials.serial_last,
            serial_last=serials.serial_last,
        )
    # …and so is a range the registry did not retire.
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateSerialRange.objects.create(
            certificate=rogue,
            retirement=serials.retirement,
            serial_prefix="JP-CERT",
            serial_first=1050,
            serial_last=1050,
            is_live=False,
        )
    # A revoked certificate's serials no longer count.
    services.certificate_revoke(certificate=certificate, reason="test", revoked_by=None)
    CertificateSerialRange.objects.create(
        certificate=rogue,
        retirement=serials.retirement,
        serial_prefix="JP-CERT",
        serial_first=serials.serial_first,
        serial_last=serials.serial_last,
    )
    assert CertificateSerialRange.objects.filter(is_live=True).count() == 1


def test_a_second_live_certificate_for_one_order_is_refused_by_the_database(batch, processors, committed):
    order = paid_order(batch, 1)
    retire(order)
    with committed():
        services.certificate_issue(order=order, requested_by=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(order=order, beneficiary_name="x", tonnes=1)


def test_issuance_waits_with_a_reason_while_the_certificate_processor_is_not_allowed(
    batch, processors, committed
):
    issuer = processors[ProcessorRole.CERTIFICATE_ISSUANCE]
    issuer.nda_expires_on = timezone.localdate() - datetime.timedelta(days=1)
    issuer.nda_signed_on = issuer.nda_expires_on - datetime.timedelta(days=365)
    legal_services.processor_save(processor=issuer, changed_by=None)
    order = paid_order(batch, 2)
    retire(order)

    with committed():
        certificate = services.certificate_issue(order=order, requested_by=None)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    assert issuer.name in certificate.waiting_reason and "NDA" in certificate.waiting_reason  # the NDA
    assert not certificate.pdf
    assert order.certificate_events.filter(action="waiting").count() == 1

    # When an admin fixes the registry, the waiting certificate completes by itself.
    issuer = Processor.objects.get(pk=issuer.pk)
    issuer.nda_expires_on = timezone.localdate() + datetime.timedelta(days=365)
    with committed():
        legal_services.processor_save(processor=issuer, changed_by=None)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID and certificate.waiting_reason == ""
    order.refresh_from_db()
    assert order.status == "certificate issued"


def test_the_pdf_holds_only_what_the_certificate_processor_may_receive(batch, processors, committed):
    issuer = processors[ProcessorRole.CERTIFICATE_ISSUANCE]
    issuer.data_scope = ["beneficiary_name", "order_number"]
    legal_services.processor_save(processor=issuer, changed_by=None)
    order = paid_order(batch, 1)
    retire(order)

    with committed():
        certificate = services.certificate_issue(order=order, requested_by=None)

    from pypdf import PdfReader

    with default_storage.open(Certificate.objects.get(pk=certificate.pk).pdf.name) as pdf:
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "株式会社サンプル商事" in text
    assert "社用車の排出" not in text


def test_reissue_supersedes_the_old_certificate_and_points_to_the_new_one(
    batch, processors, staff, committed
):
    order = paid_order(batch, 2, beneficiary="株式会社サンプノレ")
    retire(order)
    with committed():
        old = services.certificate_issue(order=order, requested_by=None)

    with committed():
        new = services.certificate_reissue(
            certificate=old,
            beneficiary_name="株式会社サンプル",
            offset_purpose="社用車の排出",
            requested_by=staff,
            note="お客様からの訂正依頼",
        )

    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED and old.superseded_by == new
    assert new.status == Certificate.Status.VALID and new.supersedes == old
    assert new.beneficiary_name == "株式会社サンプル" and new.number != old.number
    assert [(r.serial_first, r.serial_last) for r in new.serial_ranges.all()] == [(1001, 1002)]
    assert not old.serial_ranges.filter(is_live=True).exists()
    event = old.events.get(action="reissued")
    assert event.staff == staff and new.number in event.note and "訂正依頼" in event.note


def test_reissue_needs_a_beneficiary_and_a_live_certificate(batch, processors, committed):
    order = paid_order(batch, 1)
    retire(order)
    with committed():
        certificate = services.certificate_issue(order=order, requested_by=None)

    with pytest.raises(ValidationError, match="beneficiary"):
        services.certificate_reissue(
            certificate=certificate, beneficiary_name=" ", offset_purpose="", requested_by=None
        )
    services.certificate_revoke(certificate=certificate, reason="chargeback", revoked_by=None)
    with pytest.raises(ValidationError, match="Only a valid certificate"):
        services.certificate_reissue(
            certificate=certificate, beneficiary_name="A", offset_purpose="", requested_by=None
        )
    assert Certificate.objects.count() == 1


def test_revoking_requires_a_reason_and_is_logged(batch, processors, staff, committed):
    order = paid_order(batch, 1)
    retire(order)
    with committed():
        certificate = services.certificate_issue(order=order, requested_by=None)

    with pytest.raises(ValidationError, match="reason"):
        services.certificate_revoke(certificate=certificate, reason="  ", revoked_by=staff)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID

    services.certificate_revoke(certificate=certificate, reason="Chargeback ch_123", revoked_by=staff)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED and certificate.revoked_at is not None
    assert certificate.revocation_reason == "Chargeback ch_123"
    event = certificate.events.get(action="revoked")
    assert (event.staff, event.note) == (staff, "Chargeback ch_123")
    # The serials stay retired: no refund, nothing goes back on sale.
    assert Retirement.objects.count() == 1


def test_bulk_issuance_issues_each_order_once_and_reports_refusals(batch, processors, staff, committed):
    ready = [paid_order(batch, 1) for _ in range(3)]
    for order in ready:
        retire(order)
    not_retired = paid_order(batch, 1)
    steps = []

    with committed():
        run = services.certificates_bulk_start(
            order_ids=[o.pk for o in [*ready, not_retired]], requested_by=staff
        )

    run.refresh_from_db()
    assert (run.status, run.total, run.issued, run.refused, run.percent) == ("done", 4, 3, 1, 100)
    assert run.problems == [{"order": not_retired.number, "reason": run.problems[0]["reason"]}]
    assert "not retired" in run.problems[0]["reason"]
    assert Certificate.objects.filter(status="valid").count() == 3

    again = services.certificates_bulk_issue(run_id=run.pk, progress=lambda done, total: steps.append(done))
    assert (again.issued, again.refused) == (0, 4)
    assert steps == [1, 2, 3, 4]
    assert Certificate.objects.count() == 3
