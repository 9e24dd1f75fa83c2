"""The public ledger's figures after sales, holds, retirements, certificates, reissues, revocations
and substitutions."""

import datetime

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from offsets import services
from offsets.ledger import ledger_read
from offsets.models import Reservation
from tests.factories.certificates import certificate_for, certificate_reissued, paid_order, retire
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.factories.orders import order_line_for

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


def figures(ledger, batch) -> dict:
    for project in ledger.projects:
        for entry in project.batches:
            if entry.batch.pk == batch.pk:
                return entry.tonnes.as_dict()
    raise AssertionError(f"batch {batch.pk} is not in the ledger")


def test_sold_retired_certified_held_and_available_follow_the_batch_records(processors):
    batch = CreditBatchFactory(serial_first=1, serial_last=100)
    # 10 t certified, then reissued: still 10 t certified (the superseded one no longer counts).
    reissued_order = paid_order(batch, 10)
    retire(reissued_order)
    first = certificate_for(order=reissued_order)
    certificate_reissued(certificate=first)
    # 5 t certified, then revoked: the serials stay retired, they are no longer certified.
    revoked_order = paid_order(batch, 5)
    retire(revoked_order, reference="JCR-2026-000200")
    revoked = certificate_for(order=revoked_order)
    services.certificate_revoke(certificate=revoked, reason="Chargeback", revoked_by=None)
    # 4 t sold, not retired yet.
    paid_order(batch, 4)
    # 6 t held for a payment in progress; a lapsed hold counts for nothing.
    services.tonnes_reserve(basket_id=9001, tonnes_by_batch={batch.pk: 6})
    Reservation.objects.create(
        batch=batch, basket_id=9002, tonnes=7, expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    ledger = ledger_read(certificates_limit=None)

    assert figures(ledger, batch) == {
        "issued": 100,
        "sold": 19,
        "retired": 15,
        "certified": 10,
        "held": 6,
        "available": 75,
    }
    [project] = ledger.projects
    assert project.totals.as_dict() == figures(ledger, batch)
    assert ledger.totals.sold == 19
    statuses = {certificate.number: certificate.status for certificate in ledger.certificates}
    assert statuses[first.number] == "superseded"
    assert statuses[revoked.number] == "revoked"
    assert sorted(statuses.values()) == ["revoked", "superseded", "valid"]


def test_a_substitution_counts_on_the_batch_that_delivered_once_and_is_held_until_carried_out(
    processors, settings, django_capture_on_commit_callbacks
):
    settings.SUBSTITUTION_NOTICE_DAYS = 0
    sold_out = CreditBatchFactory(serial_prefix="JP-OLD", serial_first=1, serial_last=5)
    services.tonnes_allocate(
        basket_id=None, order_line=order_line_for(sold_out, 5), batch_id=sold_out.pk, tonnes=5
    )
    short_line = order_line_for(sold_out, 3)
    Order.objects.filter(pk=short_line.order_id).update(
        status="paid", guest_email="buyer@example.jp", attention_reason=services.SHORTFALL_FLAG + " JP-OLD"
    )
    substitute = CreditBatchFactory(
        project=OffsetProjectFactory(),
        serial_prefix="JP-NEW",
        vintage=2024,
        serial_first=101,
        serial_last=110,
    )
    with django_capture_on_commit_callbacks(execute=True):
        substitution = services.substitution_schedule(
            order_line=short_line, substitute_batch=substitute, scheduled_by=None
        )

    scheduled = ledger_read(certificates_limit=None)
    assert figures(scheduled, sold_out) == {
        "issued": 5, "sold": 5, "retired": 0, "certified": 0, "held": 0, "available": 0
    }  # fmt: skip
    assert figures(scheduled, substitute) == {
        "issued": 10, "sold": 0, "retired": 0, "certified": 0, "held": 3, "available": 7
    }  # fmt: skip

    services.substitution_carry_out(substitution_id=substitution.pk)

    carried_out = ledger_read(certificates_limit=None)
    # The paid-for batch does not count the 3 t again; the substitute sold them, once.
    assert figures(carried_out, sold_out)["sold"] == 5
    assert figures(carried_out, substitute) == {
        "issued": 10, "sold": 3, "retired": 0, "certified": 0, "held": 0, "available": 7
    }  # fmt: skip
    assert carried_out.totals.sold == 8


def test_the_monthly_history_is_cumulative_from_the_first_batch_to_this_month(processors):
    batch = CreditBatchFactory(serial_first=1, serial_last=50)
    order = paid_order(batch, 8)
    retire(order)

    [project] = ledger_read(certificates_limit=None).projects

    this_month = timezone.localdate().replace(day=1)
    assert project.months[-1].month == this_month
    assert (project.months[-1].issued, project.months[-1].sold, project.months[-1].retired) == (50, 8, 8)


def test_a_certificate_names_the_beneficiary_only_when_the_buyer_opted_in(processors):
    hidden = certificate_for(beneficiary_name="非公開株式会社", show_publicly=False)
    shown = certificate_for(beneficiary_name="公開株式会社", show_publicly=True)

    entries = {entry.number: entry for entry in ledger_read(certificates_limit=None).certificates}

    assert entries[hidden.number].beneficiary_name is None
    assert entries[hidden.number].offset_purpose is None
    assert entries[shown.number].beneficiary_name == "公開株式会社"
    [serial_range] = entries[shown.number].ranges
    assert serial_range.registry_reference == "JCR-2026-0001"
    assert serial_range.tonnes == 3
