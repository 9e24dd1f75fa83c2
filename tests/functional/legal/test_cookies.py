"""Cookies: only those in the inventory, optional ones only with consent, the choice kept and changeable."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from legal.cookies.inventory import CookieCategory, inventory, inventory_by_name
from tests.factories.offsets import CreditBatchFactory

pytestmark = pytest.mark.django_db

HISTORY = settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME
CONSENT = settings.COOKIE_CONSENT_COOKIE_NAME
CONSENT_URL = "/legal/cookies/consent/"
PASSWORD = "a-long-member-password"


class CookieRecorder:
    """Every cookie the shop's responses set (or delete), by name, across a walk."""

    def __init__(self, client):
        self.client = client
        self.set: dict[str, list] = {}

    def record(self, response):
        assert response.status_code < 400, (response.status_code, response.request["PATH_INFO"])
        for name, morsel in response.cookies.items():
            self.set.setdefault(name, []).append(morsel)
        return response

    def get(self, path):
        return self.record(self.client.get(path))

    def post(self, path, data):
        return self.record(self.client.post(path, data))

    def written(self) -> set[str]:
        """Cookies given a value (deletions, max-age 0, do not count)."""
        return {
            name for name, morsels in self.set.items() if any(m.value and m["max-age"] != 0 for m in morsels)
        }


@pytest.fixture
def batch():
    return CreditBatchFactory(serial_first=1, serial_last=100, price_per_tonne=3300)


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("member", "member@example.jp", PASSWORD)


def product_path(batch) -> str:
    """The product page's address without a language prefix."""
    with translation.override("ja"):
        return batch.product.get_absolute_url()


def storefront_walk(recorder, batch, member, prefix=""):
    """Home, catalogue, a product page, adding to the basket, the basket, logging in and out."""
    recorder.get(f"{prefix}/")
    recorder.get(f"{prefix}/catalogue/")
    recorder.get(prefix + product_path(batch))
    recorder.post(f"{prefix}/basket/add/{batch.product.pk}/", {"quantity": 2})
    recorder.get(f"{prefix}/basket/")
    recorder.get(f"{prefix}/accounts/login/")
    login = recorder.post(
        f"{prefix}/accounts/login/",
        {"login-username": member.email, "login-password": PASSWORD, "login_submit": "1"},
    )
    assert login.status_code == 302  # logged in, not the form again
    recorder.get(f"{prefix}/")
    recorder.get(prefix + product_path(batch))
    recorder.get(f"{prefix}/accounts/logout/")


def writes(response, name) -> bool:
    """Whether the response gives the cookie a value (a deletion does not)."""
    morsel = response.cookies.get(name)
    return bool(morsel and morsel.value and morsel["max-age"] != 0)


def choose(client, choice, **data):
    return client.post(CONSENT_URL, {"choice": choice, "next": "/", **data})


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("choice", [None, "necessary", "all"])
def test_a_storefront_walk_sets_only_inventory_cookies_and_optional_ones_only_with_consent(
    client, batch, member, prefix, choice
):
    if choice:
        choose(client, choice)
    recorder = CookieRecorder(client)

    storefront_walk(recorder, batch, member, prefix)

    unlisted = set(recorder.set) - set(inventory_by_name())
    assert not unlisted, f"cookies set by the shop but missing from legal/cookies/inventory.py: {unlisted}"
    optional_written = {name for name in recorder.written() if not inventory_by_name()[name].necessary}
    if choice == "all":
        # The walk does reach the code that writes the optional cookie.
        assert optional_written == {HISTORY}
    else:
        assert not optional_written, f"set without consent: {optional_written}"
    # The walk exercised the necessary cookies too.
    assert {
        settings.CSRF_COOKIE_NAME,
        settings.SESSION_COOKIE_NAME,
        settings.OSCAR_BASKET_COOKIE_OPEN,
    } <= set(recorder.set)


def test_every_cookie_in_the_inventory_has_a_category_and_only_optional_ones_need_consent():
    cookies = inventory()

    assert len({cookie.name for cookie in cookies}) == len(cookies)
    assert inventory_by_name()[HISTORY].category == CookieCategory.PREFERENCES
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CONSENT, "messages"):
        assert inventory_by_name()[name].necessary


def test_the_first_visit_shows_the_banner_and_sets_no_optional_cookie(client, batch):
    response = client.get("/")

    page = response.content.decode()
    assert 'id="cookie-banner"' in page
    assert f'action="{CONSENT_URL}"' in page
    assert 'name="choice" value="all"' in page and 'name="choice" value="necessary"' in page
    assert 'href="/legal/cookies/#cookie-settings"' in page
    assert set(response.cookies) <= {name for name, cookie in inventory_by_name().items() if cookie.necessary}


@pytest.mark.parametrize("choice", ["all", "necessary"])
def test_a_choice_hides_the_banner_on_every_later_page(client, batch, choice):
    response = choose(client, choice, next="/catalogue/")

    assert response.status_code == 302
    assert response["Location"] == "/catalogue/"
    assert response.cookies[CONSENT]["httponly"]
    for path in ("/", "/catalogue/", product_path(batch), "/en/basket/"):
        assert 'id="cookie-banner"' not in client.get(path).content.decode()


def test_necessary_only_means_no_recently_viewed_cookie(client, batch):
    choose(client, "necessary")

    response = client.get(product_path(batch))

    assert response.status_code == 200
    assert HISTORY not in response.cookies


def test_allow_all_keeps_the_recently_viewed_products(client, batch):
    other = CreditBatchFactory(serial_first=1, serial_last=10, vintage=2019)
    choose(client, "all")

    first = client.get(product_path(other))
    page = client.get(product_path(batch)).content.decode()

    assert first.cookies[HISTORY].value == f"[{other.product.pk}]"
    assert first.cookies[HISTORY]["max-age"] == settings.OSCAR_RECENTLY_VIEWED_COOKIE_LIFETIME
    assert product_path(other) in page  # listed under "recently viewed"


def test_withdrawing_consent_deletes_the_recently_viewed_cookie_at_once(client, batch):
    choose(client, "all")
    client.get(product_path(batch))
    assert client.cookies[HISTORY].value

    response = choose(client, "selected")  # nothing ticked

    assert response.cookies[HISTORY].value == ""
    assert response.cookies[HISTORY]["max-age"] == 0
    assert not writes(client.get(product_path(batch)), HISTORY)


def test_a_history_cookie_left_without_consent_is_deleted_and_not_shown(client, batch):
    other = CreditBatchFactory(serial_first=1, serial_last=10, vintage=2019)
    client.cookies[HISTORY] = f"[{other.product.pk}]"

    response = client.get(product_path(batch))

    assert response.cookies[HISTORY]["max-age"] == 0
    assert product_path(other) not in response.content.decode()


@pytest.mark.parametrize(
    "garbage", ['["x", 1.5, true, [2], 99999999999999999999]', "{}", "not json", '"[1]"', "[-1, 0]"]
)
def test_a_hand_edited_history_cookie_cannot_break_the_product_page(client, batch, garbage):
    choose(client, "all")
    client.cookies[HISTORY] = garbage

    response = client.get(product_path(batch))

    assert response.status_code == 200
    assert response.cookies[HISTORY].value == f"[{batch.product.pk}]"


def test_logging_out_clears_the_recently_viewed_products(client, batch, member):
    choose(client, "all")
    client.get(product_path(batch))
    client.force_login(member)

    response = client.get("/accounts/logout/")

    assert response.cookies[HISTORY]["max-age"] == 0


# --- The consent view: bad input is refused or sent home, never a crash ------


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "home",
        "catalogue/",
        "/\r\nSet-Cookie: x=1",
        "",
    ],
)
def test_a_bad_next_address_sends_the_visitor_home(client, next_url):
    response = client.post(CONSENT_URL, {"choice": "necessary", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert CONSENT in response.cookies


def test_the_next_address_keeps_the_language_and_query(client):
    response = client.post(CONSENT_URL, {"choice": "all", "next": "/en/catalogue/?page=2"})

    assert response["Location"] == "/en/catalogue/?page=2"


def test_without_a_next_address_english_visitors_go_to_the_english_home_page(client):
    assert client.post("/en" + CONSENT_URL, {"choice": "all"})["Location"] == "/en/"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"choice": ""},
        {"choice": "everything"},
        {"choice": "<script>"},
        {"choice": "selected", "categories": "analytics"},
        {"choice": "selected", "categories": ["preferences", "marketing"]},
        {"choice": "selected", "categories": "necessary"},
        {"choice": ["all", "necessary"], "categories": "\u200b"},
    ],
)
def test_a_bad_choice_is_refused_with_a_message_and_nothing_is_stored(client, data, english):
    response = client.post("/en" + CONSENT_URL, {**data, "next": "/en/"})

    assert response.status_code == 400
    assert CONSENT not in response.cookies
    assert "cookie-settings-form" in response.content.decode()
    assert re.search(r"Please choose|no such kind of cookie", response.content.decode())


def test_a_choice_with_a_nul_byte_is_refused_before_the_form_and_nothing_is_stored(client, english):
    # NUL never reaches the form: shop.middleware.ControlCharacterMiddleware answers 400 first.
    response = client.post("/en" + CONSENT_URL, {"choice": ["all", "necessary"], "categories": "\x00"})

    assert response.status_code == 400
    assert CONSENT not in response.cookies


def test_the_settings_page_answers_a_plain_get(client):
    response = client.get(CONSENT_URL + "?next=https://evil.example/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="categories" value="preferences"' in page
    assert '<input type="hidden" name="next" value="/">' in page


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(client, method):
    assert getattr(client, method)(CONSENT_URL).status_code == 405


def test_a_consent_post_without_the_csrf_token_is_refused(batch):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.get("/")

    response = browser.post(CONSENT_URL, {"choice": "all", "next": "/"})

    assert response.status_code == 403
    assert CONSENT not in response.cookies


def test_a_forged_consent_cookie_counts_as_no_choice(client, batch):
    choose(client, "necessary")
    genuine = client.cookies[CONSENT].value
    version = genuine.split(".", 1)[0]
    client.cookies[CONSENT] = genuine.replace(f"{version}.:", f"{version}.preferences:")

    page = client.get(product_path(batch))

    assert 'id="cookie-banner"' in page.content.decode()
    assert HISTORY not in page.cookies


def test_a_changed_cookie_list_asks_again(client, batch, monkeypatch):
    choose(client, "all")
    assert 'id="cookie-banner"' not in client.get("/").content.decode()

    monkeypatch.setattr("legal.cookies.inventory.CONSENT_REVISION", 2)

    assert 'id="cookie-banner"' in client.get("/").content.decode()
    assert HISTORY not in client.get(product_path(batch)).cookies


def test_an_expired_choice_asks_again(client, settings):
    choose(client, "all")
    settings.COOKIE_CONSENT_MAX_AGE = -1  # any stored choice is now older than allowed

    assert 'id="cookie-banner"' in client.get("/").content.decode()


# --- The cookie policy page: the table and the settings form ---------------


@pytest.fixture
def demo_documents():
    call_command("load_legal_demo")


def test_the_cookie_policy_lists_every_cookie_with_its_category_and_carries_the_settings(
    client, demo_documents, english
):
    page = client.get("/en/legal/cookies/").content.decode()

    for cookie in inventory():
        assert f"<code>{cookie.name}</code>" in page
    history_row = re.search(rf"<tr>\s*<td><code>{HISTORY}</code></td>.*?</tr>", page, re.S).group(0)
    assert "Preferences (functional)" in history_row and "Yes" in history_row
    assert 'id="cookie-settings"' in page
    assert 'id="cookie-banner"' not in page  # the page itself is the settings
    assert 'name="categories" value="preferences"' in page
    assert not re.search(r'value="preferences"[^>]*checked', page)


def test_the_cookie_policy_shows_the_current_choice_and_changes_it(client, demo_documents, batch):
    choose(client, "necessary")
    page = client.get("/legal/cookies/").content.decode()
    assert 'name="categories" value="preferences"' in page
    assert not re.search(r'value="preferences"[^>]*checked', page)

    response = client.post(
        CONSENT_URL, {"choice": "selected", "categories": "preferences", "next": "/legal/cookies/"}
    )

    assert response["Location"] == "/legal/cookies/"
    assert re.search(r'value="preferences"[^>]*checked', client.get("/legal/cookies/").content.decode())
    assert client.get(product_path(batch)).cookies[HISTORY].value == f"[{batch.product.pk}]"


# --- Nothing from another host before consent ------------------------------

EXTERNAL_ASSET = re.compile(r'<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)="(?:https?:)?//', re.I)


def test_storefront_pages_load_nothing_from_another_host_and_no_stripe(client, batch):
    client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 1})
    for path in ("/", "/catalogue/", product_path(batch), "/basket/", "/accounts/login/", "/nowhere/"):
        page = client.get(path).content.decode()
        assert not EXTERNAL_ASSET.search(page), (path, EXTERNAL_ASSET.search(page))
        assert "js.stripe.com" not in page
        assert "googleapis" not in page and "googletagmanager" not in page
        assert "/static/oscar/js/jquery/jquery.min.js" in page


def test_the_dashboard_loads_nothing_from_another_host(staff_client):
    page = staff_client.get("/dashboard/").content.decode()

    assert "/static/oscar/js/jquery/jquery.min.js" in page
    assert not EXTERNAL_ASSET.search(page)


def test_google_analytics_stays_off_even_if_configured(client, settings):
    settings.GOOGLE_ANALYTICS_ID = "G-TEST123"

    assert "googletagmanager" not in client.get("/").content.decode()


def test_stripe_js_is_loaded_by_the_payment_page_only(client, localstripe, processors):
    from tests.factories.legal import accepted_set
    from tests.functional.checkout.test_checkout import to_confirmation

    batch = CreditBatchFactory(serial_first=1, serial_last=20, price_per_tonne=3300)
    client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 1})
    payment_page = client.post(
        "/checkout/", {"username": "guest@example.jp", "options": "anonymous"}, follow=True
    )
    assert payment_page.request["PATH_INFO"] == "/checkout/payment-details/"
    assert "js.stripe.com/v3/" in payment_page.content.decode()

    final_confirmation = to_confirmation(
        client, {"batch": batch, "versions": accepted_set(), "localstripe": localstripe}
    )

    assert "js.stripe.com" not in final_confirmation.content.decode()
