"""The cookie banner in Chromium: only necessary cookies until a choice, the choice kept and changeable."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from legal.cookies.inventory import inventory_by_name
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

HISTORY = settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME
NECESSARY = {name for name, cookie in inventory_by_name().items() if cookie.necessary}


@pytest.fixture
def shop(live_server):
    call_command("load_legal_demo", verbosity=0)
    project = OffsetProjectFactory(name="北の森 間伐プロジェクト", name_en="Kita-no-Mori Thinning Project")
    batches = [
        CreditBatchFactory(project=project, vintage=vintage, serial_first=1, serial_last=100)
        for vintage in (2022, 2023)
    ]
    with translation.override("ja"):
        product_paths = [batch.product.get_absolute_url() for batch in batches]
    return {"url": live_server.url, "products": product_paths}


@pytest.fixture
def requested_hosts(page):
    """The host of every request the page makes, in order, from the first one on."""
    hosts = []
    page.on(
        "request",
        lambda request: (
            hosts.append(urlsplit(request.url).netloc) if request.url.startswith("http") else None
        ),
    )
    return hosts


def cookie_names(page) -> set[str]:
    return {cookie["name"] for cookie in page.context.cookies()}


def banner(page):
    return page.locator("#cookie-banner")


def test_necessary_only_then_allowing_preferences_on_the_cookie_policy_page(
    page, shop, requested_hosts, screenshot
):
    shop_host = urlsplit(shop["url"]).netloc
    page.goto(shop["url"] + "/")

    # First visit: the banner, and nothing but necessary cookies.
    assert banner(page).is_visible()
    assert banner(page).get_by_role("link").first.get_attribute("href") == "/legal/cookies/#cookie-settings"
    assert cookie_names(page) <= NECESSARY
    screenshot("cookie-banner-ja")
    page.goto(shop["url"] + shop["products"][0])
    assert cookie_names(page) <= NECESSARY
    assert set(requested_hosts) == {shop_host}, "a request left for another host before consent"

    banner(page).locator("button[value=necessary]").click()

    # Back on the same product page, the banner gone, and it stays gone.
    page.wait_for_url(re.compile(re.escape(shop["products"][0]) + "$"))
    assert banner(page).count() == 0
    for path in ["/", "/catalogue/", *shop["products"], "/en/"]:
        page.goto(shop["url"] + path)
        assert banner(page).count() == 0, path
    assert HISTORY not in cookie_names(page)
    assert cookie_names(page) <= NECESSARY

    # The cookie policy page shows the choice and changes it.
    page.goto(shop["url"] + "/legal/cookies/")
    settings_form = page.locator("#cookie-settings")
    assert page.locator("table").get_by_text(HISTORY).is_visible()
    preferences = settings_form.locator("input[name=categories][value=preferences]")
    assert not preferences.is_checked()
    preferences.check()
    screenshot("cookie-settings-ja")
    settings_form.locator("button[value=selected]").click()
    page.wait_for_url(re.compile(r"/legal/cookies/$"))
    assert page.locator("#cookie-settings input[name=categories][value=preferences]").is_checked()

    page.goto(shop["url"] + shop["products"][0])
    assert HISTORY in cookie_names(page)
    page.goto(shop["url"] + shop["products"][1])
    assert page.get_by_text("北の森 間伐プロジェクト（2022年度）").count() >= 1  # recently viewed
    assert set(requested_hosts) == {shop_host}


@pytest.mark.parametrize("javascript", [False, True], ids=["no-javascript", "javascript"])
def test_allow_all_from_the_banner_works_with_or_without_javascript(browser, shop, javascript):
    context = browser.new_context(locale="ja-JP", java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(shop["url"] + shop["products"][0])
        assert HISTORY not in cookie_names(page)

        banner(page).locator("button[value=all]").click()
        page.wait_for_url(re.compile(re.escape(shop["products"][0]) + "$"))
        assert banner(page).count() == 0

        page.goto(shop["url"] + shop["products"][1])
        assert HISTORY in cookie_names(page)
        assert settings.COOKIE_CONSENT_COOKIE_NAME in cookie_names(page)
        assert cookie_names(page) <= set(inventory_by_name())
    finally:
        context.close()
