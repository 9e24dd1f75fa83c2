from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model
from oscar.test.factories import ProductFactory

from offsets import services
from offsets.models import CreditBatch
from offsets.selectors import batch_available_tonnes
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def test_a_new_batch_is_sold_as_a_product_that_needs_no_shipping():
    batch = CreditBatchFactory(serial_first=101, serial_last=600, price_per_tonne=3300, vintage=2022)

    product = batch.product
    assert product.product_class.requires_shipping is False
    assert product.product_class.track_stock is True
    assert product.title == f"{batch.project.name}（2022年度）"
    assert product.title_en == f"{batch.project.name_en} — 2022 vintage"
    assert batch.tonnes_issued == 500


def test_the_stock_record_mirrors_tonnes_for_sale_and_price():
    batch = CreditBatchFactory(serial_first=1, serial_last=250, price_per_tonne=4400)

    stockrecord = StockRecord.objects.get(product=batch.product)
    assert stockrecord.net_stock_level == batch_available_tonnes(batch=batch) == 250
    assert stockrecord.price == Decimal("4400")
    assert stockrecord.price_currency == "JPY"


def test_changing_price_and_range_updates_the_stock_record():
    batch = CreditBatchFactory(serial_first=1, serial_last=100, price_per_tonne=3300)

    batch.price_per_tonne = 3850
    batch.serial_last = 400
    services.batch_save(batch=batch)

    stockrecord = StockRecord.objects.get(product=batch.product)
    assert stockrecord.price == Decimal("3850")
    assert stockrecord.net_stock_level == 400


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (500, 1500),  # overlaps the end
        (1, 1),  # first serial of the existing batch
        (1000, 1000),  # last serial of the existing batch
        (200, 300),  # inside
        (0, 2000),  # around
    ],
)
def test_overlapping_serials_with_the_same_prefix_are_refused(first, last):
    existing = CreditBatchFactory(serial_prefix="JP-FO-0001", serial_first=1, serial_last=1000)

    with pytest.raises(ValidationError) as refused:
        CreditBatchFactory(
            project=existing.project, serial_prefix="JP-FO-0001", serial_first=first, serial_last=last
        )

    message = " ".join(refused.value.messages)
    assert "JP-FO-0001" in message and "1–1000" in message
    assert CreditBatch.objects.count() == 1


def test_adjacent_ranges_and_other_prefixes_are_allowed():
    existing = CreditBatchFactory(serial_prefix="JP-FO-0001", serial_first=1, serial_last=1000)

    CreditBatchFactory(
        project=existing.project, serial_prefix="JP-FO-0001", serial_first=1001, serial_last=2000
    )
    CreditBatchFactory(project=existing.project, serial_prefix="JP-FO-0002", serial_first=1, serial_last=1000)

    assert CreditBatch.objects.count() == 3


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"serial_first": 10, "serial_last": 9}, None, "last serial must not be below"),
        ({"price_per_tonne": 0}, "price_per_tonne", "at least 1"),
        ({"serial_first": -5, "serial_last": 10}, "serial_first", "cannot be negative"),
    ],
)
def test_bad_batch_input_is_refused_with_a_clear_message(english, changes, field, text):
    project = OffsetProjectFactory()
    values = {"serial_prefix": "JP-X", "serial_first": 1, "serial_last": 10, "price_per_tonne": 1000}
    values.update(changes)

    with pytest.raises(ValidationError) as refused:
        services.batch_create(project=project, vintage=2023, **values)

    if field:
        assert field in refused.value.message_dict
    assert text in " ".join(refused.value.messages)
    assert CreditBatch.objects.count() == 0


def test_the_database_itself_refuses_overlapping_serials():
    existing = CreditBatchFactory(serial_prefix="JP-DB", serial_first=1, serial_last=100)
    clash = CreditBatch(
        project=existing.project,
        product=ProductFactory(),
        vintage=2023,
        serial_prefix="JP-DB",
        serial_first=50,
        serial_last=150,
        price_per_tonne=1000,
    )

    with pytest.raises(IntegrityError, match="offsets_batch_serials_no_overlap"), transaction.atomic():
        clash.save()  # bypasses validation, as a raw write would


def test_the_database_refuses_moving_a_batch_onto_another():
    CreditBatchFactory(serial_prefix="JP-DB", serial_first=1, serial_last=100)
    other = CreditBatchFactory(serial_prefix="JP-DB", serial_first=101, serial_last=200)

    with pytest.raises(IntegrityError, match="offsets_batch_serials_no_overlap"), transaction.atomic():
        CreditBatch.objects.filter(pk=other.pk).update(serial_first=100)


def test_the_database_refuses_last_serial_below_first():
    batch = CreditBatchFactory(serial_first=10, serial_last=20)

    with pytest.raises(IntegrityError, match="offsets_batch_serial_last_gte_first"), transaction.atomic():
        CreditBatch.objects.filter(pk=batch.pk).update(serial_last=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    serial_first=st.integers(min_value=-(2**70), max_value=2**70),
    length=st.integers(min_value=-5, max_value=2**66),
    price=st.integers(min_value=-(2**40), max_value=2**40),
    vintage=st.integers(min_value=-10, max_value=70000),
)
@example(serial_first=1, length=3_000_000_000, price=3300, vintage=2023)  # beyond int32 stock
@example(serial_first=2**63 - 10, length=100, price=3300, vintage=2023)  # beyond bigint
@example(serial_first=1, length=0, price=2**31, vintage=2023)  # price beyond int32
def test_any_batch_input_is_saved_consistently_or_refused_with_a_message(
    serial_first, length, price, vintage
):
    project = OffsetProjectFactory()
    prefix = f"HYP-{project.pk}"

    try:
        batch = services.batch_create(
            project=project,
            vintage=vintage,
            serial_prefix=prefix,
            serial_first=serial_first,
            serial_last=serial_first + length,
            price_per_tonne=price,
        )
    except ValidationError as refused:
        assert refused.messages
        assert not CreditBatch.objects.filter(serial_prefix=prefix).exists()
    else:
        assert 0 <= batch.serial_first <= batch.serial_last and batch.price_per_tonne > 0
        assert StockRecord.objects.get(product=batch.product).net_stock_level == length + 1
