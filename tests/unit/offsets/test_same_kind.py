"""The "same kind" rule for substituting credits: one function, one test per condition."""

import datetime

import pytest
from django.utils import timezone

from offsets import services
from offsets.models import CcpLabel, CorrespondingAdjustment, OffsetType, ProjectCategory, Registry
from offsets.selectors import substitute_batches
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.factories.orders import order_line_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold_out():
    """A 2023 J-Credit forest-removal batch that has nothing left."""
    batch = CreditBatchFactory(vintage=2023, serial_first=1, serial_last=5)
    services.tonnes_allocate(basket_id=None, order_line=order_line_for(batch, 5), batch_id=batch.pk, tonnes=5)
    return batch


def candidate(**project_fields):
    vintage = project_fields.pop("vintage", 2023)
    last = project_fields.pop("serial_last", 100)
    return CreditBatchFactory(
        project=OffsetProjectFactory(**project_fields), vintage=vintage, serial_first=1, serial_last=last
    )


def test_a_batch_of_the_same_registry_type_category_and_vintage_qualifies(sold_out):
    same = candidate()

    assert list(substitute_batches(batch=sold_out, tonnes=3)) == [same]


def test_a_later_vintage_qualifies_and_the_closest_vintage_comes_first(sold_out):
    later = candidate(vintage=2025)
    same_year = candidate(vintage=2023)

    assert list(substitute_batches(batch=sold_out, tonnes=3)) == [same_year, later]


def test_an_earlier_vintage_does_not(sold_out):
    candidate(vintage=2022)

    assert not substitute_batches(batch=sold_out, tonnes=3).exists()


def test_another_registry_does_not(sold_out):
    candidate(registry=Registry.VERRA)

    assert not substitute_batches(batch=sold_out, tonnes=3).exists()


def test_avoidance_credits_do_not_replace_removals(sold_out):
    candidate(offset_type=OffsetType.AVOIDANCE)

    assert not substitute_batches(batch=sold_out, tonnes=3).exists()


def test_another_project_category_does_not(sold_out):
    candidate(category=ProjectCategory.BIOCHAR)

    assert not substitute_batches(batch=sold_out, tonnes=3).exists()


def test_the_sold_out_batch_itself_is_never_offered():
    batch = CreditBatchFactory(serial_first=1, serial_last=100)

    assert not substitute_batches(batch=batch, tonnes=3).exists()


@pytest.mark.parametrize("tonnes, offered", [(7, True), (8, False)])
def test_only_a_batch_with_enough_tonnes_for_sale_qualifies(sold_out, tonnes, offered):
    """10 issued, 2 sold, 1 held by a live reservation: 7 t for sale."""
    small = candidate(serial_last=10)
    services.tonnes_allocate(basket_id=None, order_line=order_line_for(small, 2), batch_id=small.pk, tonnes=2)
    services.tonnes_reserve(basket_id=424242, tonnes_by_batch={small.pk: 1})

    found = list(substitute_batches(batch=sold_out, tonnes=tonnes))

    assert found == ([small] if offered else [])
    if offered:
        assert found[0].tonnes_for_sale == 7


def test_a_lapsed_reservation_no_longer_holds_tonnes(sold_out):
    small = candidate(serial_last=10)
    services.tonnes_reserve(basket_id=424242, tonnes_by_batch={small.pk: 5})

    later = timezone.now() + datetime.timedelta(hours=1)

    assert not substitute_batches(batch=sold_out, tonnes=10).exists()
    assert list(substitute_batches(batch=sold_out, tonnes=10, now=later)) == [small]


def test_tonnes_promised_by_a_scheduled_substitution_are_not_for_sale(sold_out):
    from offsets.models import Substitution

    small = candidate(serial_last=10)
    Substitution.objects.create(
        order_line=order_line_for(sold_out, 4),
        original_batch=sold_out,
        substitute_batch=small,
        tonnes=4,
        due_at=timezone.now(),
    )

    assert list(substitute_batches(batch=sold_out, tonnes=6)) == [small]
    assert not substitute_batches(batch=sold_out, tonnes=7).exists()


# --- The CCP label and the corresponding adjustment (issue 16) ----------------------------


@pytest.mark.parametrize(
    ("original", "candidate_label", "offered"),
    [
        (CcpLabel.NOT_LABELLED, CcpLabel.NOT_LABELLED, True),
        (CcpLabel.NOT_LABELLED, CcpLabel.LABELLED, False),
        (CcpLabel.LABELLED, CcpLabel.NOT_LABELLED, False),
        (CcpLabel.LABELLED, CcpLabel.LABELLED, True),
    ],
)
def test_the_ccp_label_must_match(original, candidate_label, offered):
    sold_out = sold_out_batch(ccp_label=original)
    other = candidate(ccp_label=candidate_label)

    assert list(substitute_batches(batch=sold_out, tonnes=3)) == ([other] if offered else [])


@pytest.mark.parametrize(
    ("original", "candidate_status", "offered"),
    [
        (CorrespondingAdjustment.NOT_APPLIED, CorrespondingAdjustment.NOT_APPLIED, True),
        (CorrespondingAdjustment.NOT_APPLIED, CorrespondingAdjustment.APPLIED, False),
        (CorrespondingAdjustment.APPLIED, CorrespondingAdjustment.NOT_APPLIED, False),
        (CorrespondingAdjustment.APPLIED, CorrespondingAdjustment.APPLIED, True),
    ],
)
def test_the_corresponding_adjustment_must_match(original, candidate_status, offered):
    sold_out = sold_out_batch(corresponding_adjustment=original)
    other = candidate(corresponding_adjustment=candidate_status)

    assert list(substitute_batches(batch=sold_out, tonnes=3)) == ([other] if offered else [])


def sold_out_batch(**project_fields):
    batch = CreditBatchFactory(
        project=OffsetProjectFactory(**project_fields), vintage=2023, serial_first=1, serial_last=5
    )
    services.tonnes_allocate(basket_id=None, order_line=order_line_for(batch, 5), batch_id=batch.pk, tonnes=5)
    return batch
