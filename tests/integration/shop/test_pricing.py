"""Whole-yen, tax-inclusive prices through Oscar's strategy, basket and offers."""

from decimal import Decimal

import pytest
from oscar.apps.offer.applicator import Applicator
from oscar.core.loading import get_class, get_model
from oscar.test import factories as oscar_factories

from tests.factories.offsets import CreditBatchFactory

Basket = get_model("basket", "Basket")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db


def _basket_with(*lines: tuple) -> Basket:
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in lines:
        basket.add_product(product, quantity)
    return basket


def test_product_price_is_tax_inclusive_whole_yen():
    batch = CreditBatchFactory(price_per_tonne=3300)

    info = Selector().strategy().fetch_for_product(batch.product)

    assert info.price.currency == "JPY"
    assert info.price.incl_tax == Decimal("3300")
    assert info.price.tax == Decimal("300")
    assert info.price.excl_tax == Decimal("3000")
    assert info.availability.num_available == batch.tonnes_issued


def test_basket_tax_is_computed_once_on_the_total():
    # Per item 105 * 10 // 110 = 9, so summing per line would say 18; on the total it is 19.
    first = CreditBatchFactory(price_per_tonne=105)
    second = CreditBatchFactory(price_per_tonne=105)

    basket = _basket_with((first.product, 1), (second.product, 1))

    assert basket.total_incl_tax == Decimal("210")
    assert basket.total_tax == Decimal("19")
    assert basket.total_excl_tax == Decimal("191")


def test_basket_totals_for_several_tonnes():
    solar = CreditBatchFactory(price_per_tonne=3300)
    efficiency = CreditBatchFactory(price_per_tonne=2750)

    basket = _basket_with((solar.product, 3), (efficiency.product, 1))

    assert basket.total_incl_tax == Decimal("12650")
    assert basket.total_tax == Decimal("1150")
    assert basket.total_excl_tax == Decimal("11500")


def test_a_percentage_offer_never_leaves_a_fraction_of_a_yen():
    batch = CreditBatchFactory(price_per_tonne=3333)
    offer = oscar_factories.ConditionalOfferFactory(
        condition=oscar_factories.ConditionFactory(
            range=oscar_factories.RangeFactory(includes_all_products=True),
            type=Condition.COUNT,
            value=1,
        ),
        benefit=oscar_factories.BenefitFactory(
            range=oscar_factories.RangeFactory(includes_all_products=True),
            type=Benefit.PERCENTAGE,
            value=Decimal("10"),
        ),
    )
    basket = _basket_with((batch.product, 1))

    Applicator().apply_offers(basket, [offer])

    # 10 % of ¥3,333 is ¥333.3: the customer is discounted ¥333 and pays ¥3,000.
    assert basket.total_discount == Decimal("333")
    assert basket.total_incl_tax == Decimal("3000")
    assert basket.total_tax == Decimal("272")
    for amount in (basket.total_incl_tax, basket.total_tax, basket.total_excl_tax, basket.total_discount):
        assert amount == amount.to_integral_value()


def test_basket_refuses_more_tonnes_than_for_sale():
    batch = CreditBatchFactory(serial_first=1, serial_last=10)
    basket = _basket_with()

    allowed, message = basket.strategy.fetch_for_product(batch.product).availability.is_purchase_permitted(11)

    assert allowed is False
    assert "10" in str(message)
