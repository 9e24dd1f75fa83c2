"""A hold on tonnes stops counting the moment it expires, whether or not the scheduler runs.

A declined or abandoned payment leaves its reservation active until the
scheduled task tidies it; the product page and the basket must not wait for
that task: they read the stock record, whose live holds lapse by themselves.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from offsets import services
from offsets.models import Reservation
from tests.factories.offsets import CreditBatchFactory

StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    return CreditBatchFactory(serial_prefix="JP-H", serial_first=1, serial_last=10)  # 10 t


def product_page(client, batch) -> str:
    with translation.override("en"):
        url = batch.product.get_absolute_url()
    return client.get(url).content.decode()


def add_to_basket(client, batch, tonnes: int):
    with translation.override("en"):
        url = reverse("basket:add", kwargs={"pk": batch.product.pk})
    client.post(url, {"quantity": tonnes})
    return client.get("/en/basket/").context["basket"].num_items


def test_held_tonnes_are_shown_as_taken_while_the_hold_lasts(client, batch):
    services.tonnes_reserve(basket_id=999, tonnes_by_batch={batch.pk: 8})

    assert "2 t-CO2 available" in product_page(client, batch)
    assert add_to_basket(client, batch, 3) == 0  # only 2 can be bought


def test_tonnes_return_to_the_page_and_the_basket_the_moment_the_hold_expires(client, batch):
    services.tonnes_reserve(basket_id=999, tonnes_by_batch={batch.pk: 8})
    expires_at = Reservation.objects.get().expires_at

    with time_machine.travel(expires_at - datetime.timedelta(seconds=1), tick=False):
        assert "2 t-CO2 available" in product_page(client, batch)
    with time_machine.travel(expires_at + datetime.timedelta(seconds=1), tick=False):
        page = product_page(client, batch)
        in_basket = add_to_basket(client, batch, 10)

    assert "10 t-CO2 available" in page
    assert in_basket == 10
    # Nothing tidied the reservation: the page and the basket did not wait for it.
    assert Reservation.objects.get().status == Reservation.Status.ACTIVE


def test_each_hold_lapses_on_its_own(batch):
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 3})
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5), tick=False):
        services.tonnes_reserve(basket_id=2, tonnes_by_batch={batch.pk: 4})
    first, second = Reservation.objects.order_by("expires_at")
    stockrecord = StockRecord.objects.get(product=batch.product)

    assert stockrecord.net_stock_level == 3
    assert stockrecord.holds_change_at(first.expires_at - datetime.timedelta(seconds=1)) == first.expires_at
    with time_machine.travel(first.expires_at, tick=False):
        assert stockrecord.net_stock_level == 6
        assert stockrecord.holds_change_at() == second.expires_at
    with time_machine.travel(second.expires_at, tick=False):
        assert stockrecord.net_stock_level == 10
        assert stockrecord.holds_change_at() is None


def test_the_scheduled_tidy_up_only_tidies(batch):
    services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 7})
    expires_at = Reservation.objects.get().expires_at

    with time_machine.travel(expires_at + datetime.timedelta(seconds=1), tick=False):
        before = StockRecord.objects.get(product=batch.product).net_stock_level
        assert services.reservations_release_expired() == 1
        after = StockRecord.objects.get(product=batch.product)

    assert before == after.net_stock_level == 10
    assert after.holds == []
