"""A visitor browses the shop in a real browser, switches language and fills a basket."""

import re

import pytest

from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def batch():
    project = OffsetProjectFactory(name="北の森 間伐プロジェクト", name_en="Kita-no-Mori Thinning Project")
    return CreditBatchFactory(
        project=project, vintage=2023, serial_first=1, serial_last=500, price_per_tonne=3300
    )


def test_browse_switch_language_and_add_tonnes_to_the_basket(live_server, page, screenshot, batch):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert (
        page.get_by_role("heading", level=1).first.inner_text()
        == "検証済みのカーボン・クレジットで、排出量をオフセット"
    )
    screenshot("home-ja")

    page.locator(".language-switch").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="2023 vintage").click()
    page.wait_for_url(re.compile(r"/en/catalogue/.+_\d+/$"))
    assert page.locator("h1").inner_text() == "Kita-no-Mori Thinning Project — 2023 vintage"
    assert "¥3,300 (tax incl.)" in page.locator(".product_main").inner_text()
    assert "500 t-CO2 available" in page.locator(".product_main").inner_text()
    screenshot("product-en")

    page.locator("#add_to_basket_form input[name=quantity]").fill("3")
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(live_server.url + "/en/basket/")
    basket_text = page.locator("#content_inner").inner_text()
    assert "Kita-no-Mori Thinning Project — 2023 vintage" in basket_text
    assert "¥9,900" in basket_text
    assert re.search(r"Consumption tax included \(10%\)\s+¥900", basket_text)
    screenshot("basket-en")

    page.locator(".language-switch").get_by_role("link", name="日本語").click()
    page.wait_for_url(re.compile(r"/basket/$"))
    assert "北の森 間伐プロジェクト（2023年度）" in page.locator("#content_inner").inner_text()
