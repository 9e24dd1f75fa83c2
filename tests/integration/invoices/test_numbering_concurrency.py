"""Invoice numbers under concurrent orders on PostgreSQL: no gaps, no duplicates, rollbacks give them back."""

import threading

import pytest
from django.db import connection, transaction

from shop.invoices import services
from shop.invoices.models import Invoice, Receipt
from tests.factories.invoices import invoiceable_order


class RolledBack(Exception):
    """Raised inside the issuing transaction after the number was taken, to roll it all back."""


def _race(work, arguments: list) -> list[Exception]:
    barrier = threading.Barrier(len(arguments))
    errors: list[Exception] = []

    def run(argument) -> None:
        try:
            barrier.wait()
            work(argument)
        except RolledBack:
            pass
        except Exception as error:  # any other failure is a bug
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_get_gapless_numbers_and_a_rolled_back_issue_leaves_no_gap():
    orders = [invoiceable_order(email=f"buyer{n}@example.jp") for n in range(12)]
    rolled_back = orders[5]

    def issue(order) -> None:
        if order is rolled_back:
            with transaction.atomic():
                services.invoice_issue(order=order)  # takes a number, holding the counter's lock…
                raise RolledBack  # …and gives it back

        else:
            services.invoice_issue(order=order)

    errors = _race(issue, orders)

    assert errors == []
    numbers = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, 12))  # 11 invoices, 1…11: the rolled-back number was reused
    assert not Invoice.objects.filter(order=rolled_back).exists()
    assert services.invoice_issue(order=rolled_back).sequence == 12
    assert sorted(Invoice.objects.values_list("number", flat=True))[-1] == "INV-0000012"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_racing_first_downloads_of_one_order_issue_one_invoice_and_racing_prints_one_receipt():
    order = invoiceable_order()

    errors = _race(lambda _n: services.invoice_issue(order=order), list(range(6)))
    errors += _race(lambda _n: services.receipt_print(order=order), list(range(6)))

    assert errors == []
    assert Invoice.objects.count() == 1 and Invoice.objects.get().sequence == 1
    receipt = Receipt.objects.get()
    assert sorted(receipt.prints.values_list("copy_number", flat=True)) == [1, 2, 3, 4, 5, 6]
