"""Races on PostgreSQL: staff saving overlapping batches, buyers reserving the last tonnes."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from offsets import services
from offsets.models import CreditBatch
from tests.factories.offsets import OffsetProjectFactory


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_batches_leave_exactly_one():
    project = OffsetProjectFactory()
    writers = 8
    barrier = threading.Barrier(writers)
    outcomes: list[str] = []

    def create(offset: int) -> None:
        try:
            barrier.wait()
            services.batch_create(
                project=project,
                vintage=2023,
                serial_prefix="JP-RACE",
                serial_first=1 + offset,
                serial_last=1000 + offset,
                price_per_tonne=3300,
            )
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created"] + ["refused"] * (writers - 1)
    assert CreditBatch.objects.filter(serial_prefix="JP-RACE").count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_racing_for_the_last_ten_tonnes_get_exactly_ten():
    from offsets.exceptions import SoldOut
    from offsets.selectors import batch_available_tonnes
    from tests.factories.offsets import CreditBatchFactory

    batch = CreditBatchFactory(serial_first=1, serial_last=10)
    buyers = 50
    barrier = threading.Barrier(buyers)
    held: list[int] = []
    sold_out: list[int] = []
    errors: list[Exception] = []

    def buy(basket_id: int) -> None:
        try:
            barrier.wait()
            services.tonnes_reserve(basket_id=basket_id, tonnes_by_batch={batch.pk: 1})
            held.append(basket_id)
        except SoldOut:
            sold_out.append(basket_id)
        except Exception as error:  # any other failure is a bug
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(n,)) for n in range(1, buyers + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert (len(held), len(sold_out)) == (10, 40)
    assert batch_available_tonnes(batch=batch) == 0


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_staff_issuing_one_order_at_once_get_exactly_one_certificate(processors):
    from offsets.exceptions import CertificateRefused
    from offsets.models import Certificate
    from tests.factories.certificates import retired_order

    order = retired_order()
    clerks = 6
    barrier = threading.Barrier(clerks)
    outcomes: list[str] = []

    def issue() -> None:
        try:
            barrier.wait()
            services.certificate_issue(order=order, requested_by=None)
            outcomes.append("issued")
        except CertificateRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(clerks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["issued"] + ["refused"] * (clerks - 1)
    assert Certificate.objects.filter(order=order).count() == 1
    assert Certificate.objects.get(order=order).status == Certificate.Status.VALID
