"""Substituting credits of the same kind for tonnes a sold-out batch could not deliver (never a refund)."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from legal.processors.models import OutboxMessage, ProcessorRole
from offsets import services, tasks
from offsets.exceptions import AllocationLocked, SoldOut, SubstitutionRefused
from offsets.models import Allocation, CertificateEvent, OffsetType, Substitution
from offsets.selectors import batch_available_tonnes
from tests.factories.certificates import certificate_for, retire
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.factories.orders import order_line_for

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

SHORTFALL = "Substitute credits of the same kind: JP-OLD: 3 t paid, 0 t left"


@pytest.fixture(autouse=True)
def no_notice_period(settings, english):
    settings.SUBSTITUTION_NOTICE_DAYS = 0


@pytest.fixture
def sold_out_batch():
    batch = CreditBatchFactory(serial_prefix="JP-OLD", vintage=2023, serial_first=1, serial_last=5)
    services.tonnes_allocate(basket_id=None, order_line=order_line_for(batch, 5), batch_id=batch.pk, tonnes=5)
    return batch


@pytest.fixture
def short_order(sold_out_batch):
    """A paid order of 3 t whose batch sold out before its payment came: flagged, no serials."""
    line = order_line_for(sold_out_batch, 3)
    Order.objects.filter(pk=line.order_id).update(
        status="paid",
        guest_email="buyer@example.jp",
        beneficiary_name="株式会社サンプル",
        attention_reason=SHORTFALL,
    )
    return Order.objects.get(pk=line.order_id)


@pytest.fixture
def same_kind_batch():
    return CreditBatchFactory(
        project=OffsetProjectFactory(name_en="Later Forest"),
        serial_prefix="JP-NEW",
        vintage=2024,
        serial_first=101,
        serial_last=110,
    )


def schedule(order, batch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.substitution_schedule(
            order_line=order.lines.get(), substitute_batch=batch, scheduled_by=None
        )


def actions(order) -> list[str]:
    return list(CertificateEvent.objects.filter(order=order).order_by("pk").values_list("action", flat=True))


def test_scheduling_tells_the_customer_first_and_allocates_nothing_yet(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    assert substitution.status == Substitution.Status.SCHEDULED and substitution.tonnes == 3
    assert not Allocation.objects.filter(order_line__order=short_order).exists()
    [notice] = mail.outbox
    assert notice.to == ["buyer@example.jp"]
    assert short_order.number in notice.subject
    assert "3 t-CO2 of Later Forest (vintage 2024)" in notice.body
    # Japanese first, with the project's Japanese name.
    japanese = f"代わりにお渡しする分：{same_kind_batch.project.name}（2024年度）3 t-CO2"
    assert notice.body.index(japanese) < notice.body.index("Later Forest")
    assert "同種のクレジットを代わりにお渡しします" in notice.subject
    assert timezone.localdate().isoformat() in notice.body
    assert (
        OutboxMessage.objects.get(reference=substitution.notice_reference).status == OutboxMessage.Status.SENT
    )
    assert actions(short_order) == ["substitution_scheduled", "substitution_notice_queued"]


def test_carrying_out_allocates_the_next_serials_fixes_stock_and_clears_the_flag(
    processors, short_order, sold_out_batch, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    services.substitution_carry_out(substitution_id=substitution.pk)

    substitution.refresh_from_db()
    allocation = substitution.allocation
    assert substitution.status == Substitution.Status.CARRIED_OUT
    assert (allocation.batch, allocation.serial_first, allocation.serial_last) == (same_kind_batch, 101, 103)
    assert allocation.order_line == short_order.lines.get()
    assert StockRecord.objects.get(product=same_kind_batch.product).num_in_stock == 7
    assert StockRecord.objects.get(product=sold_out_batch.product).num_in_stock == 0
    short_order.refresh_from_db()
    assert short_order.attention_reason == ""
    assert actions(short_order)[-1] == "substituted"


def test_a_sale_after_the_substitution_gets_the_serials_after_it(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)
    services.substitution_carry_out(substitution_id=substitution.pk)

    sale = services.tonnes_allocate(
        basket_id=None, order_line=order_line_for(same_kind_batch, 7), batch_id=same_kind_batch.pk, tonnes=7
    )

    assert (sale.serial_first, sale.serial_last) == (104, 110)
    assert batch_available_tonnes(batch=same_kind_batch) == 0


def test_the_substitute_serials_stay_sold_like_any_sale(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)
    services.substitution_carry_out(substitution_id=substitution.pk)
    allocation = Substitution.objects.get().allocation

    with pytest.raises(AllocationLocked):
        allocation.delete()
    # The database refuses a second allocation over the same serials.
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            batch=same_kind_batch, order_line=allocation.order_line, serial_first=103, serial_last=104
        )


def test_the_certificate_names_the_substituted_serials(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)
    services.substitution_carry_out(substitution_id=substitution.pk)
    retire(short_order)

    certificate = certificate_for(order=short_order)

    assert [(r.serial_prefix, r.serial_first, r.serial_last) for r in certificate.serial_ranges.all()] == [
        ("JP-NEW", 101, 103)
    ]
    assert certificate.tonnes == 3


def test_carrying_out_twice_is_refused_and_allocates_once(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)
    services.substitution_carry_out(substitution_id=substitution.pk)

    with pytest.raises(SubstitutionRefused, match="carried out already"):
        services.substitution_carry_out(substitution_id=substitution.pk)

    assert Allocation.objects.filter(order_line__order=short_order).count() == 1


def test_it_is_not_carried_out_before_the_notice_period_is_over(
    settings, processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    settings.SUBSTITUTION_NOTICE_DAYS = 7
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    with pytest.raises(SubstitutionRefused, match="cannot be carried out before then"):
        services.substitution_carry_out(substitution_id=substitution.pk)
    assert tasks.substitutions_carry_out_due() == 0

    Substitution.objects.filter(pk=substitution.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1),
        scheduled_at=timezone.now() - datetime.timedelta(days=7, minutes=1),
    )
    OutboxMessage.objects.filter(reference=substitution.notice_reference).update(
        sent_at=timezone.now() - datetime.timedelta(days=7)
    )
    assert tasks.substitutions_carry_out_due() == 1
    assert Substitution.objects.get().status == Substitution.Status.CARRIED_OUT


def test_it_waits_while_the_customer_has_not_been_told(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    processors[ProcessorRole.DELIVERY].is_active = False
    processors[ProcessorRole.DELIVERY].save()
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    with pytest.raises(SubstitutionRefused, match="notice has not been sent"):
        services.substitution_carry_out(substitution_id=substitution.pk)
    assert tasks.substitutions_carry_out_due() == 0
    assert not Allocation.objects.filter(order_line__order=short_order).exists()


def test_a_batch_of_another_kind_is_refused(processors, short_order, django_capture_on_commit_callbacks):
    avoidance = CreditBatchFactory(
        project=OffsetProjectFactory(offset_type=OffsetType.AVOIDANCE), vintage=2024
    )

    with pytest.raises(SubstitutionRefused, match="same registry"):
        schedule(short_order, avoidance, django_capture_on_commit_callbacks)

    assert not Substitution.objects.exists() and mail.outbox == []


def test_a_line_with_all_its_serials_has_nothing_to_substitute(
    processors, same_kind_batch, django_capture_on_commit_callbacks
):
    line = order_line_for(same_kind_batch, 2)
    services.tonnes_allocate(basket_id=None, order_line=line, batch_id=same_kind_batch.pk, tonnes=2)
    other = CreditBatchFactory(vintage=2025)

    with pytest.raises(SubstitutionRefused, match="nothing to substitute"):
        schedule(line.order, other, django_capture_on_commit_callbacks)


def test_a_second_substitution_for_the_same_line_is_refused(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    with pytest.raises(SubstitutionRefused, match="already has a substitution scheduled"):
        schedule(short_order, CreditBatchFactory(vintage=2025), django_capture_on_commit_callbacks)


def test_the_promised_tonnes_are_held_from_the_notice_until_carried_out(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    # 10 issued, 3 promised to the customer told of the substitution: a buyer gets at most 7.
    assert batch_available_tonnes(batch=same_kind_batch) == 7
    assert StockRecord.objects.get(product=same_kind_batch.product).net_stock_level == 7
    with pytest.raises(SoldOut):
        services.tonnes_reserve(basket_id=4242, tonnes_by_batch={same_kind_batch.pk: 8})
    services.tonnes_allocate(
        basket_id=None, order_line=order_line_for(same_kind_batch, 7), batch_id=same_kind_batch.pk, tonnes=7
    )

    services.substitution_carry_out(substitution_id=substitution.pk)

    assert Substitution.objects.get().allocation.tonnes == 3
    assert batch_available_tonnes(batch=same_kind_batch) == 0
    assert StockRecord.objects.get(product=same_kind_batch.product).net_stock_level == 0


def test_cancelling_puts_the_held_tonnes_back_on_sale(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    services.substitution_cancel(substitution_id=substitution.pk, cancelled_by=None, reason="Wrong batch")

    assert batch_available_tonnes(batch=same_kind_batch) == 10
    assert StockRecord.objects.get(product=same_kind_batch.product).net_stock_level == 10


def test_staff_cancel_before_it_happens_and_may_schedule_another(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    services.substitution_cancel(
        substitution_id=substitution.pk, cancelled_by=None, reason="Customer asked for 2025"
    )

    substitution.refresh_from_db()
    assert substitution.status == Substitution.Status.CANCELLED
    assert substitution.cancellation_reason == "Customer asked for 2025"
    with pytest.raises(SubstitutionRefused, match="was cancelled"):
        services.substitution_carry_out(substitution_id=substitution.pk)
    assert actions(short_order)[-1] == "substitution_cancelled"
    later = schedule(short_order, CreditBatchFactory(vintage=2025), django_capture_on_commit_callbacks)
    assert later.status == Substitution.Status.SCHEDULED


def test_cancelling_needs_a_reason(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    with pytest.raises(SubstitutionRefused, match="reason"):
        services.substitution_cancel(substitution_id=substitution.pk, cancelled_by=None, reason="  ")


def test_other_reasons_for_attention_stay_on_the_order(
    processors, short_order, same_kind_batch, django_capture_on_commit_callbacks
):
    Order.objects.filter(pk=short_order.pk).update(
        attention_reason=f"{SHORTFALL}\nA refund was made in Stripe."
    )
    substitution = schedule(short_order, same_kind_batch, django_capture_on_commit_callbacks)

    services.substitution_carry_out(substitution_id=substitution.pk)

    short_order.refresh_from_db()
    assert short_order.attention_reason == "A refund was made in Stripe."
