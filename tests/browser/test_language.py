"""In Chromium: a visitor who registers, signs out and signs in under /en/ stays on English pages."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "jane@example.com"
PASSWORD = "a-long-passphrase-42"


@pytest.fixture
def shop(live_server):
    call_command("load_legal_demo", verbosity=0)  # the versions a new member accepts
    return live_server.url


def test_registering_signing_out_and_in_under_en_stays_in_english(page, shop, screenshot):
    # given the English sign-in and registration page
    page.goto(f"{shop}/en/accounts/login/")

    # when a visitor registers there
    page.locator("#id_registration-email").fill(EMAIL)
    page.locator("#id_registration-password1").fill(PASSWORD)
    page.locator("#id_registration-password2").fill(PASSWORD)
    page.locator("#id_registration-accept_legal").check()
    page.locator("button[name=registration_submit]").click()

    # then the account opens in English, thanking them in English
    page.wait_for_url(re.compile(r"/en/accounts/profile/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Thanks for registering!" in page.locator("body").inner_text()
    screenshot("language-en-registered")

    # when they sign out
    page.goto(f"{shop}/en/accounts/logout/")

    # then they are on the English home page
    page.wait_for_url(f"{shop}/en/")
    assert page.locator("html").get_attribute("lang") == "en"

    # when they sign in again on the English page
    page.goto(f"{shop}/en/accounts/login/")
    page.locator("#id_login-username").fill(EMAIL)
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()

    # then the account opens in English again, welcoming them back in English
    page.wait_for_url(re.compile(r"/en/accounts/profile/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Welcome back" in page.locator("body").inner_text()


def test_signing_in_under_the_japanese_pages_stays_in_japanese(page, shop, django_user_model):
    django_user_model.objects.create_user(username="hanako", email="hanako@example.jp", password=PASSWORD)

    page.goto(f"{shop}/accounts/login/")
    page.locator("#id_login-username").fill("hanako@example.jp")
    page.locator("#id_login-password").fill(PASSWORD)
    page.locator("button[name=login_submit]").click()

    page.wait_for_url(f"{shop}/accounts/profile/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "お帰りなさい" in page.locator("body").inner_text()
