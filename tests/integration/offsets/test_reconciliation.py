"""The daily reconciliation: each invariant broken on purpose is reported (stored, on the dashboard,
e-mailed to staff); a healthy ledger reports nothing."""

import html

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from oscar.core.loading import get_model

from offsets import services, tasks
from offsets.models import (
    Allocation,
    Certificate,
    CertificateSerialRange,
    ReconciliationFinding,
    ReconciliationRun,
    Retirement,
)
from tests.factories.certificates import certificate_for, certificate_reissued, paid_order, retire
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.factories.orders import order_line_for

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
Invariant = ReconciliationFinding.Invariant


@pytest.fixture
def ledger(processors, settings, django_capture_on_commit_callbacks, django_user_model):
    """A healthy ledger with every kind of record: sales, a hold, retirements, a reissued and a
    revoked certificate, and a substitution carried out."""
    settings.SUBSTITUTION_NOTICE_DAYS = 0
    batch = CreditBatchFactory(serial_prefix="JP-A", serial_first=1, serial_last=100)
    reissued = certificate_for(order=retire_order(paid_order(batch, 10)))
    valid = certificate_reissued(certificate=reissued)
    revoked = certificate_for(order=retire_order(paid_order(batch, 5)))
    services.certificate_revoke(certificate=revoked, reason="Chargeback", revoked_by=None)
    paid_order(batch, 4)
    services.tonnes_reserve(basket_id=9001, tonnes_by_batch={batch.pk: 6})
    sold_out = CreditBatchFactory(serial_prefix="JP-OLD", serial_first=1, serial_last=2)
    paid_order(sold_out, 2)
    short_line = order_line_for(sold_out, 3)
    Order.objects.filter(pk=short_line.order_id).update(
        status="paid", guest_email="buyer@example.jp", attention_reason=services.SHORTFALL_FLAG + " JP-OLD"
    )
    substitute = CreditBatchFactory(project=OffsetProjectFactory(), serial_prefix="JP-NEW", vintage=2024)
    with django_capture_on_commit_callbacks(execute=True):
        substitution = services.substitution_schedule(
            order_line=short_line, substitute_batch=substitute, scheduled_by=None
        )
    services.substitution_carry_out(substitution_id=substitution.pk)
    # A second short order still waiting for its substitution to be scheduled.
    waiting = order_line_for(sold_out, 1)
    Order.objects.filter(pk=waiting.order_id).update(attention_reason=services.SHORTFALL_FLAG + " JP-OLD")
    # Only active staff are told of discrepancies: not customers, not former staff.
    django_user_model.objects.create_user(username="buyer", email="buyer@example.jp")
    django_user_model.objects.create_user(
        username="left", email="left@example.jp", is_staff=True, is_active=False
    )
    mail.outbox.clear()
    return {"batch": batch, "valid": valid, "revoked": revoked, "substitute": substitute}


def retire_order(order):
    retire(order, reference=f"JCR-{order.number}")
    return order


def reconcile(django_capture_on_commit_callbacks) -> ReconciliationRun:
    with django_capture_on_commit_callbacks(execute=True):
        return services.ledger_reconcile(trigger=ReconciliationRun.Trigger.COMMAND)


def test_a_healthy_ledger_reports_nothing(ledger, staff_client, django_capture_on_commit_callbacks):
    run = reconcile(django_capture_on_commit_callbacks)

    assert list(run.findings.values_list("detail", flat=True)) == []
    assert (run.discrepancies, run.batches_checked, run.staff_notified) == (0, 3, 0)
    assert mail.outbox == []
    page = staff_client.get("/en/dashboard/").content.decode()
    assert 'id="ledger-reconciliation-clean"' in page
    assert "3 batches checked, no discrepancies" in page


def break_unpaid_serials(ledger):
    """Serials allocated from a batch to a line that bought another batch, with no substitution."""
    batch, other = ledger["substitute"], ledger["batch"]
    line = order_line_for(other, 2)
    Allocation.objects.create(batch=batch, order_line=line, serial_first=900, serial_last=901)
    StockRecord.objects.filter(product=batch.product).update(num_in_stock=F("num_in_stock") - 2)
    return "JP-NEW"


def break_paid_line_without_serials(ledger):
    """A paid line that has no serials and is not flagged for substitution: paid tonnes lost."""
    order_line_for(ledger["batch"], 3)
    return "JP-A"


def break_retirement(ledger):
    retirement = Retirement.objects.filter(certificate_ranges__certificate=ledger["revoked"]).get()
    Retirement.objects.filter(pk=retirement.pk).update(serial_last=F("serial_last") + 1)
    return retirement.registry_reference


def break_certificate_outside_retirement(ledger):
    retirement = Retirement.objects.filter(certificate_ranges__certificate=ledger["valid"]).get()
    # The registry's record says fewer serials were retired than the certificate states.
    Retirement.objects.filter(pk=retirement.pk).update(serial_last=F("serial_first"))
    return ledger["valid"].number


def break_certificate_tonnes(ledger):
    Certificate.objects.filter(pk=ledger["valid"].pk).update(tonnes=99)
    return ledger["valid"].number


def break_serial_on_two_certificates(ledger, *, within: bool = False):
    """A second live certificate stating the valid one's serials (its ranges flagged not live,
    so the database's own guard, which reads the flag, lets it through); ``within``: only two
    serials from the middle of the range."""
    valid = ledger["valid"]
    [serial_range] = valid.serial_ranges.all()
    CertificateSerialRange.objects.filter(pk=serial_range.pk).update(is_live=False)
    other_order = order_line_for(ledger["batch"], 1).order
    copy = Certificate.objects.create(
        order=other_order, number="OM-COPY-1", status="valid", beneficiary_name="x", tonnes=10
    )
    first, last = serial_range.serial_first, serial_range.serial_last
    CertificateSerialRange.objects.create(
        certificate=copy,
        retirement=serial_range.retirement,
        serial_prefix=serial_range.serial_prefix,
        serial_first=first + 4 if within else first,
        serial_last=first + 5 if within else last,
    )
    return f"{valid.number} / OM-COPY-1"


def break_serials_inside_another_certificate(ledger):
    return break_serial_on_two_certificates(ledger, within=True)


def break_stock(ledger):
    StockRecord.objects.filter(product=ledger["batch"].product).update(num_in_stock=999)
    return "JP-A"


@pytest.mark.parametrize(
    ("breaking", "invariant"),
    [
        (break_unpaid_serials, Invariant.ALLOCATIONS_MATCH_SALES),
        (break_paid_line_without_serials, Invariant.ALLOCATIONS_MATCH_SALES),
        (break_retirement, Invariant.RETIREMENT_IN_ALLOCATION),
        (break_certificate_outside_retirement, Invariant.CERTIFICATE_IN_RETIREMENT),
        (break_certificate_tonnes, Invariant.CERTIFICATE_IN_RETIREMENT),
        (break_serial_on_two_certificates, Invariant.SERIAL_CERTIFIED_ONCE),
        (break_serials_inside_another_certificate, Invariant.SERIAL_CERTIFIED_ONCE),
        (break_stock, Invariant.STOCK_MIRRORS_BATCH),
    ],
)
def test_each_broken_invariant_is_stored_shown_on_the_dashboard_and_emailed_to_staff(
    ledger, staff_client, django_capture_on_commit_callbacks, breaking, invariant
):
    subject = breaking(ledger)

    run = reconcile(django_capture_on_commit_callbacks)

    stored = ReconciliationRun.objects.get(pk=run.pk)
    found = list(stored.findings.filter(invariant=invariant))
    assert found, list(stored.findings.values_list("invariant", "detail"))
    assert any(subject in finding.subject for finding in found), [finding.subject for finding in found]
    assert stored.discrepancies == stored.findings.count() >= 1
    # The dashboard's first page shows the run's discrepancies.
    page = html.unescape(staff_client.get("/en/dashboard/").content.decode())
    assert 'id="ledger-reconciliation-discrepancies"' in page
    assert f"finding-{invariant}" in page
    assert str(invariant.label) in page and subject in page
    # Every staff member with an address was e-mailed (through the outbox), nobody else.
    assert stored.staff_notified == 1
    [email] = mail.outbox
    assert email.to == ["ops@offsetmart.example"]
    assert "Ledger reconciliation" in email.subject and "台帳" in email.subject
    assert str(invariant.label) in email.body and subject in email.body


def test_the_command_and_the_scheduled_task_run_and_store_a_reconciliation(ledger, capsys):
    call_command("ledger_reconcile")
    assert "3 batches checked, 0 discrepancies" in capsys.readouterr().out
    assert tasks.ledger_reconcile.delay().get() == 0
    assert list(ReconciliationRun.objects.order_by("pk").values_list("trigger", flat=True)) == [
        "command",
        "schedule",
    ]
    assert settings.CELERY_BEAT_SCHEDULE["ledger-reconcile"]["task"] == "offsets.tasks.ledger_reconcile"

    break_stock(ledger)
    with translation.override("en"), pytest.raises(CommandError, match="1 discrepancies"):
        call_command("ledger_reconcile")
    assert "The stock record mirrors the batch" in capsys.readouterr().out


def test_staff_without_the_permission_do_not_see_the_reconciliation_on_the_dashboard(
    ledger, client, django_user_model, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from legal.staff.groups import OPERATIONS_STAFF_GROUP
    from tests.staff_login import verified_login

    break_stock(ledger)
    reconcile(django_capture_on_commit_callbacks)
    clerk = django_user_model.objects.create_user(username="clerk", email="clerk@example.jp", is_staff=True)
    verified_login(client, clerk)
    response = client.get("/en/dashboard/")
    assert response.status_code == 200
    assert "ledger-reconciliation" not in response.content.decode()

    clerk.groups.add(Group.objects.get(name=OPERATIONS_STAFF_GROUP))
    clerk = django_user_model.objects.get(pk=clerk.pk)  # permissions are cached on the instance
    verified_login(client, clerk)
    page = html.unescape(client.get("/dashboard/").content.decode())
    assert 'id="ledger-reconciliation-discrepancies"' in page
    assert "在庫記録がバッチと一致する" in page and "不整合1件" in page


def test_a_clean_run_makes_the_same_queries_however_many_batches(ledger, django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as three:
        reconcile(django_capture_on_commit_callbacks)
    for _ in range(10):
        paid_order(CreditBatchFactory(), 2)

    with CaptureQueriesContext(connection) as thirteen:
        run = reconcile(django_capture_on_commit_callbacks)

    assert (run.batches_checked, run.discrepancies) == (13, 0)
    assert len(thirteen) == len(three)
