"""``manage.py certificates_issue``: issuing from the command line, with a progress bar and a summary."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from oscar.core.loading import get_model

from offsets import services
from offsets.models import Certificate, CertificateBulkRun
from tests.factories.offsets import CreditBatchFactory
from tests.factories.orders import order_line_for

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


def paid_order(batch, tonnes: int = 2):
    line = order_line_for(batch, tonnes)
    services.tonnes_allocate(basket_id=0, order_line=line, batch_id=batch.pk, tonnes=line.quantity)
    Order.objects.filter(pk=line.order_id).update(
        status="paid",
        beneficiary_name="テスト株式会社",
        date_placed=timezone.now() - datetime.timedelta(days=1),
    )
    return Order.objects.get(pk=line.order_id)


def retired_order(batch, tonnes: int = 2):
    order = paid_order(batch, tonnes)
    services.order_retirement_record(
        order=order,
        entries=[
            services.RetirementEntry(
                allocation_id=allocation.pk,
                registry_reference=f"JC-RET-{allocation.pk}",
                retired_on=timezone.localdate(),
                serial_first=allocation.serial_first,
                serial_last=allocation.serial_last,
            )
            for allocation in order.lines.get().credit_allocations.all()
        ],
        recorded_by=None,
    )
    order.refresh_from_db()
    return order


def issue(*args) -> str:
    out = io.StringIO()
    call_command("certificates_issue", *args, stdout=out)
    return out.getvalue()


def test_all_retired_issues_every_retired_order_and_shows_progress(
    processors, django_capture_on_commit_callbacks, english
):
    batch = CreditBatchFactory()
    retired = [retired_order(batch) for _ in range(3)]
    waiting_for_retirement = paid_order(batch)

    with django_capture_on_commit_callbacks(execute=True):
        output = issue("--all-retired")

    assert Certificate.objects.filter(order__in=retired, status=Certificate.Status.VALID).count() == 3
    assert not Certificate.objects.filter(order=waiting_for_retirement).exists()
    bars = re.findall(r"\[([#-]{20})\] (\d+)/3", output)
    assert [int(done) for _bar, done in bars] == [0, 1, 2, 3]
    assert bars[-1][0] == "#" * 20
    assert bars[0][0] == "-" * 20
    assert "Issued: 3, refused: 0." in output
    run = CertificateBulkRun.objects.get()
    assert (run.status, run.issued) == (CertificateBulkRun.Status.DONE, 3)


def test_named_orders_that_cannot_be_certified_are_reported_with_the_reason(
    processors, django_capture_on_commit_callbacks, english
):
    batch = CreditBatchFactory()
    retired = retired_order(batch)
    not_retired = paid_order(batch)

    with django_capture_on_commit_callbacks(execute=True):
        output = issue("--order", retired.number, "--order", not_retired.number)

    assert Certificate.objects.get(order=retired).status == Certificate.Status.VALID
    assert not Certificate.objects.filter(order=not_retired).exists()
    assert "Issued: 1, refused: 1." in output
    assert re.search(rf"Refused {not_retired.number}: .*cannot be certified yet", output)


def test_all_retired_skips_orders_that_already_have_a_certificate(
    processors, django_capture_on_commit_callbacks, english
):
    order = retired_order(CreditBatchFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_issue(order=order, requested_by=None)

    output = issue("--all-retired")

    assert "No orders to certify." in output
    assert Certificate.objects.filter(order=order).count() == 1
    assert not CertificateBulkRun.objects.exists()


def test_unknown_order_numbers_stop_the_command_before_anything_is_issued(processors, english):
    order = retired_order(CreditBatchFactory())

    with pytest.raises(CommandError, match="Unknown order numbers: 999998, 999999"):
        issue("--order", order.number, "999998", "999999")

    assert not Certificate.objects.exists()
    assert not CertificateBulkRun.objects.exists()


def test_the_command_needs_orders_or_all_retired(english):
    with pytest.raises(CommandError, match="--all-retired"):
        issue()
