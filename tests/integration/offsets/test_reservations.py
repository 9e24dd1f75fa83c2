"""Reserving tonnes for a payment, selling serials to paid orders, never overselling."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from offsets import services
from offsets.exceptions import AllocationLocked, SoldOut
from offsets.models import Allocation, Reservation
from offsets.selectors import batch_available_tonnes
from tests.factories.offsets import CreditBatchFactory
from tests.factories.orders import order_line_for

StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    return CreditBatchFactory(serial_prefix="JP-R", serial_first=101, serial_last=110)  # 10 t


def stock(batch) -> int:
    return StockRecord.objects.get(product=batch.product).net_stock_level


def test_a_reservation_holds_tonnes_and_the_catalogue_shows_it(batch):
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 4})

    assert batch_available_tonnes(batch=batch) == 6
    assert stock(batch) == 6


def test_more_than_is_left_is_sold_out_and_holds_nothing(batch):
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 8})

    with pytest.raises(SoldOut) as sold_out:
        services.tonnes_reserve(basket_id=2, tonnes_by_batch={batch.pk: 3})

    assert (sold_out.value.requested, sold_out.value.available) == (3, 2)
    assert Reservation.objects.filter(basket_id=2).count() == 0


def test_reserving_again_for_the_same_basket_replaces_its_reservation(batch):
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 6})
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 6})  # retry after a declined card

    assert batch_available_tonnes(batch=batch) == 4


def test_lapsed_reservations_go_back_on_sale(batch):
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 7})
    Reservation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert batch_available_tonnes(batch=batch) == 10  # no longer counted
    assert services.reservations_release_expired() == 1
    assert stock(batch) == 10 and Reservation.objects.get().status == "released"


def test_a_paid_line_gets_the_next_serials_and_they_stay_sold(batch):
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 3})
    first = services.tonnes_allocate(
        basket_id=1, order_line=order_line_for(batch, 3), batch_id=batch.pk, tonnes=3
    )
    second = services.tonnes_allocate(
        basket_id=2, order_line=order_line_for(batch, 2), batch_id=batch.pk, tonnes=2
    )

    assert (first.serial_first, first.serial_last) == (101, 103)
    assert (second.serial_first, second.serial_last) == (104, 105)
    assert Reservation.objects.get(basket_id=1).status == "allocated"
    assert batch_available_tonnes(batch=batch) == 5 and stock(batch) == 5


def test_a_payment_after_its_reservation_lapsed_is_honoured_from_stock(batch):
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 3})
    Reservation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    allocation = services.tonnes_allocate(
        basket_id=1, order_line=order_line_for(batch, 3), batch_id=batch.pk, tonnes=3
    )

    assert allocation.tonnes == 3


def test_a_lapsed_payment_with_no_stock_left_is_reported_not_oversold(batch):
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 3})
    Reservation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    services.tonnes_reserve(basket_id=2, tonnes_by_batch={batch.pk: 9})

    with pytest.raises(SoldOut):
        services.tonnes_allocate(
            basket_id=1, order_line=order_line_for(batch, 3), batch_id=batch.pk, tonnes=3
        )

    assert Allocation.objects.count() == 0


def test_sold_serials_are_never_changed_or_deleted(batch):
    allocation = services.tonnes_allocate(
        basket_id=1, order_line=order_line_for(batch), batch_id=batch.pk, tonnes=1
    )

    with pytest.raises(AllocationLocked):
        allocation.delete()
    with pytest.raises(AllocationLocked):
        Allocation.objects.all().delete()
    with pytest.raises(AllocationLocked):
        Allocation.objects.update(serial_last=110)


def test_the_database_refuses_overlapping_or_out_of_batch_serials(batch):
    line = order_line_for(batch)
    Allocation.objects.create(batch=batch, order_line=line, serial_first=101, serial_last=105)

    with pytest.raises(IntegrityError, match="offsets_allocation_no_overlap"), transaction.atomic():
        Allocation.objects.create(batch=batch, order_line=line, serial_first=105, serial_last=106)
    with pytest.raises(IntegrityError, match="offsets_allocation_within_batch"), transaction.atomic():
        Allocation.objects.create(batch=batch, order_line=line, serial_first=109, serial_last=111)


def test_a_batch_cannot_shrink_below_its_sold_serials(batch, english):
    services.tonnes_allocate(basket_id=1, order_line=order_line_for(batch, 5), batch_id=batch.pk, tonnes=5)

    batch.serial_last = 104
    with pytest.raises(ValidationError, match="already sold"):
        services.batch_save(batch=batch)
    batch.refresh_from_db()
    batch.serial_first = 100
    with pytest.raises(ValidationError, match="cannot change once tonnes are sold"):
        services.batch_save(batch=batch)
