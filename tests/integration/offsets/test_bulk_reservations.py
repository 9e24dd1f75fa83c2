"""A bulk order's tonnes are held and sold in one transaction, all lines or none, without per-line queries."""

import random
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offsets import services
from offsets.exceptions import SoldOut
from offsets.models import Allocation, Reservation
from offsets.selectors import batch_available_tonnes
from tests.factories.offsets import CreditBatchFactory
from tests.factories.orders import order_line_for


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_holding_and_selling_40_lines_takes_as_many_queries_as_3():
    batches = [CreditBatchFactory(serial_first=1, serial_last=500) for _ in range(43)]
    few, many = batches[:3], batches[3:]
    lines = {batch.pk: order_line_for(batch, 7) for batch in batches}

    def hold_and_sell(chosen, basket_id):
        def act():
            services.tonnes_reserve(basket_id=basket_id, tonnes_by_batch={b.pk: 7 for b in chosen})
            services.tonnes_allocate_lines(
                basket_id=basket_id,
                sales=[services.LineSale(order_line=lines[b.pk], batch_id=b.pk, tonnes=7) for b in chosen],
            )

        return act

    assert _queries(hold_and_sell(many, 2)) == _queries(hold_and_sell(few, 1))
    assert Allocation.objects.count() == 43 and all(batch_available_tonnes(batch=b) == 493 for b in batches)
    assert not Reservation.objects.filter(status=Reservation.Status.ACTIVE).exists()


@pytest.mark.django_db
def test_one_sold_out_line_holds_nothing_for_the_other_lines():
    plenty = [CreditBatchFactory(serial_first=1, serial_last=100) for _ in range(5)]
    scarce = CreditBatchFactory(serial_first=1, serial_last=10)

    with pytest.raises(SoldOut) as sold_out:
        services.tonnes_reserve(basket_id=1, tonnes_by_batch={**{b.pk: 50 for b in plenty}, scarce.pk: 11})

    assert sold_out.value.batch == scarce and sold_out.value.available == 10
    assert not Reservation.objects.exists()
    assert all(batch_available_tonnes(batch=b) == 100 for b in plenty)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_bulk_buyers_racing_over_the_same_batches_in_any_order_never_oversell_or_deadlock():
    # given 12 batches of 100 t and 16 companies each wanting 30 t of the same 10 of them,
    # listed in their own order (a deadlock would show if batches were locked in basket order)
    batches = [CreditBatchFactory(serial_first=1, serial_last=100) for _ in range(12)]
    buyers = 16
    barrier = threading.Barrier(buyers)
    held, sold_out, errors = [], [], []

    def buy(basket_id: int) -> None:
        wanted = random.Random(basket_id).sample(batches[:10], 10)  # noqa: S311  (an order, not a secret)
        try:
            barrier.wait()
            services.tonnes_reserve(basket_id=basket_id, tonnes_by_batch={b.pk: 30 for b in wanted})
            held.append(basket_id)
        except SoldOut:
            sold_out.append(basket_id)
        except Exception as error:  # a deadlock or any other failure is a bug
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(n,)) for n in range(1, buyers + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then three companies hold all their lines (90 of each 100 t), the rest hold nothing at all
    assert errors == []
    assert (len(held), len(sold_out)) == (3, 13)
    for batch in batches[:10]:
        assert sorted(Reservation.objects.filter(batch=batch).values_list("basket_id", flat=True)) == sorted(
            held
        )
        assert batch_available_tonnes(batch=batch) == 10
    assert all(batch_available_tonnes(batch=b) == 100 for b in batches[10:])
