"""Staff add and change credit batches in the Django admin, with clear messages for bad input."""

import pytest
from django.urls import reverse as reverse_ja
from django.utils import translation
from oscar.core.loading import get_model

from offsets.models import CreditBatch
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def reverse(name, args=None):
    """Admin URLs in English, so messages can be checked in English (/en/admin/…)."""
    with translation.override("en"):
        return reverse_ja(name, args=args)


@pytest.fixture
def project():
    return OffsetProjectFactory()


def batch_form(project, **changes):
    form = {
        "project": project.pk,
        "vintage": 2024,
        "serial_prefix": "JP-EN-0303",
        "serial_first": 1,
        "serial_last": 2500,
        "price_per_tonne": 2750,
    }
    form.update(changes)
    return form


def test_staff_add_a_batch_and_it_goes_on_sale(staff_client, project):
    response = staff_client.post(reverse("admin:offsets_creditbatch_add"), batch_form(project))

    assert response.status_code == 302
    batch = CreditBatch.objects.get()
    stockrecord = StockRecord.objects.get(product=batch.product)
    assert (stockrecord.net_stock_level, stockrecord.price) == (2500, 2750)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"serial_first": 100, "serial_last": 99}, "The last serial must not be below the first serial."),
        ({"price_per_tonne": 0}, "The price per tonne must be at least 1 yen."),
        ({"price_per_tonne": "abc"}, "Enter a whole number."),
        ({"serial_first": 2000, "serial_last": 3000}, "overlap batch"),
    ],
)
def test_bad_input_is_answered_with_a_message_and_nothing_saved(staff_client, project, changes, message):
    CreditBatchFactory(project=project, serial_prefix="JP-EN-0303", serial_first=1000, serial_last=2000)

    response = staff_client.post(reverse("admin:offsets_creditbatch_add"), batch_form(project, **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert CreditBatch.objects.count() == 1


def test_staff_change_the_price_and_the_catalogue_follows(staff_client, project):
    batch = CreditBatchFactory(project=project, serial_prefix="JP-1", serial_first=1, serial_last=10)

    response = staff_client.post(
        reverse("admin:offsets_creditbatch_change", args=[batch.pk]),
        batch_form(project, serial_prefix="JP-1", serial_first=1, serial_last=10, price_per_tonne=5000),
    )

    assert response.status_code == 302
    assert StockRecord.objects.get(product=batch.product).price == 5000


def test_batches_cannot_be_deleted_from_the_admin(staff_client, project):
    batch = CreditBatchFactory(project=project)

    response = staff_client.post(
        reverse("admin:offsets_creditbatch_delete", args=[batch.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert CreditBatch.objects.filter(pk=batch.pk).exists()


def test_customers_cannot_reach_the_admin(client, django_user_model):
    customer = django_user_model.objects.create_user(
        username="c", email="c@example.jp", password="pw-12345678"
    )
    client.force_login(customer)

    response = client.get(reverse("admin:offsets_creditbatch_add"))

    assert response.status_code == 302
    assert "/admin/login/" in response.url
