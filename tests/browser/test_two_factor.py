"""A new staff member signs in in a real browser: the first time (app set-up, codes kept), then again."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"


def test_first_sign_in_sets_up_the_app_and_shows_the_recovery_codes(
    live_server, page, screenshot, django_user_model
):
    django_user_model.objects.create_superuser("aoi", "aoi@offsetmart.example", PASSWORD)

    page.goto(live_server.url + "/dashboard/")
    page.fill("#id_username", "aoi@offsetmart.example")
    page.fill("#id_password", PASSWORD)
    page.locator("#dashboard_login_form [type=submit]").click()

    page.wait_for_url(re.compile(r"/dashboard/two-factor/enrol/\?next=/dashboard/$"))
    assert page.locator("#two-factor-qr svg").is_visible()
    assert "認証アプリでこのQRコードを読み取ってください" in page.locator("body").inner_text()
    screenshot("two-factor-enrol-ja")
    secret = b32decode(page.locator("#two-factor-secret").inner_text().replace(" ", ""))
    page.fill("#id_code", f"{totp(secret):06d}")
    page.locator("#two-factor-form [type=submit]").click()

    page.wait_for_load_state()
    assert page.locator("#recovery-codes li").count() == 10
    screenshot("two-factor-recovery-codes-ja")
    page.locator("#two-factor-continue").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert page.locator(".navbar-primary").is_visible()  # the dashboard itself, with its menu

    page.goto(live_server.url + "/en/admin/")
    assert "Site administration" in page.locator("body").inner_text()  # verified once, for this session

    # The next sign-in (a new session) asks for the app's code; the next 30-second step's code is
    # still within the allowed drift, and the one just used cannot be used twice.
    page.context.clear_cookies()
    page.goto(live_server.url + "/en/admin/")
    page.fill("#id_username", "aoi@offsetmart.example")
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/en/dashboard/two-factor/\?next=/en/admin/$"))
    screenshot("two-factor-verify-en")
    page.fill("#id_code", f"{totp(secret, t0=-30):06d}")
    page.locator("#two-factor-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/en/admin/$"), wait_until="networkidle")
    assert "Site administration" in page.locator("body").inner_text()
