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


def _short_order_with_substitution(*, substitute_batch):
    """A paid order of 3 t without serials and a due substitution from ``substitute_batch``."""
    from django.utils import timezone

    from offsets.models import Substitution
    from tests.factories.offsets import CreditBatchFactory
    from tests.factories.orders import order_line_for

    sold_out = CreditBatchFactory(
        serial_prefix="JP-GONE", vintage=substitute_batch.vintage, serial_first=1, serial_last=1
    )
    services.tonnes_allocate(
        basket_id=None, order_line=order_line_for(sold_out, 1), batch_id=sold_out.pk, tonnes=1
    )
    line = order_line_for(sold_out, 3)
    line.order.guest_email = "buyer@example.jp"
    line.order.save()
    # Outside a test transaction the notice is sent on commit, as in production.
    substitution = services.substitution_schedule(
        order_line=line, substitute_batch=substitute_batch, scheduled_by=None
    )
    assert Substitution.objects.get(pk=substitution.pk).due_at <= timezone.now()
    return substitution


def _race(workers) -> list:
    barrier = threading.Barrier(len(workers))
    errors: list[Exception] = []

    def run(work) -> None:
        try:
            barrier.wait()
            work()
        except Exception as error:  # collected: the test names what is expected
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_staff_carrying_out_one_substitution_at_once_allocate_it_once(processors, settings):
    from offsets.exceptions import SubstitutionRefused
    from offsets.models import Allocation, Substitution
    from tests.factories.offsets import CreditBatchFactory

    settings.SUBSTITUTION_NOTICE_DAYS = 0
    batch = CreditBatchFactory(serial_prefix="JP-SUB", serial_first=1, serial_last=100)
    substitution = _short_order_with_substitution(substitute_batch=batch)
    clerks = 6

    errors = _race([lambda: services.substitution_carry_out(substitution_id=substitution.pk)] * clerks)

    assert len(errors) == clerks - 1 and all(isinstance(error, SubstitutionRefused) for error in errors)
    assert Allocation.objects.filter(batch=batch).count() == 1
    assert Substitution.objects.get().status == Substitution.Status.CARRIED_OUT


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_substitution_racing_sales_of_its_batch_never_double_allocates(processors, settings):
    from offsets.exceptions import SoldOut
    from offsets.models import Allocation, Substitution
    from offsets.selectors import batch_available_tonnes
    from tests.factories.offsets import CreditBatchFactory
    from tests.factories.orders import order_line_for

    settings.SUBSTITUTION_NOTICE_DAYS = 0
    batch = CreditBatchFactory(serial_prefix="JP-RACE-SUB", serial_first=1, serial_last=10)
    substitution = _short_order_with_substitution(substitute_batch=batch)
    buyers = [order_line_for(batch, 1) for _ in range(10)]

    def sell(line):
        return lambda: services.tonnes_allocate(basket_id=None, order_line=line, batch_id=batch.pk, tonnes=1)

    errors = _race(
        [sell(line) for line in buyers]
        + [lambda: services.substitution_carry_out(substitution_id=substitution.pk)]
    )

    # The 3 t promised to the customer stay theirs: 7 buyers get a tonne, 3 are told sold out.
    assert len(errors) == 3 and all(isinstance(error, SoldOut) for error in errors), errors
    ranges = sorted(Allocation.objects.filter(batch=batch).values_list("serial_first", "serial_last"))
    serials = [serial for first, last in ranges for serial in range(first, last + 1)]
    assert serials == list(range(1, 11))  # every serial sold once, none twice, none outside the batch
    assert Substitution.objects.get().status == Substitution.Status.CARRIED_OUT
    assert Allocation.objects.get(order_line=substitution.order_line).tonnes == 3
    assert batch_available_tonnes(batch=batch) == 0
