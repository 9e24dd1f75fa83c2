from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from offsets.money import offer_discount_round, tax_contained, yen


@pytest.mark.parametrize(
    ("total", "tax"),
    [
        (3300, 300),  # ¥3,000 + 10 %
        (110, 10),
        (109, 9),  # 9.909… rounded down
        (1, 0),
        (0, 0),
        (12650, 1150),
        (210, 19),  # two ¥105 items: 9 + 9 per item, 19 on the total
    ],
)
def test_tax_contained_is_computed_on_the_total_and_rounded_down(total, tax):
    assert tax_contained(total) == Decimal(tax)


def test_tax_contained_at_the_reduced_rate():
    assert tax_contained(1080, rate_percent=8) == Decimal(80)


@given(st.integers(min_value=0, max_value=10**12))
def test_tax_contained_never_exceeds_the_exact_tax_and_is_whole_yen(total):
    tax = tax_contained(total)
    assert tax == total * 10 // 110
    assert tax * 110 <= total * 10 < (tax + 1) * 110
    assert tax == tax.to_integral_value()


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(Decimal("2999.7"), Decimal("2999")), (Decimal("333.33"), Decimal("333")), (3300, Decimal("3300"))],
)
def test_yen_drops_fractions(amount, expected):
    assert yen(amount) == expected
    assert yen(amount).as_tuple().exponent == 0


def test_offer_discounts_are_whole_yen():
    assert offer_discount_round(Decimal("333.30"), "JPY") == Decimal("333")
