"""A new staff member signs in for the first time in a real browser: password, app set-up, codes kept."""

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

    page.goto(live_server.url + "/en/admin/", wait_until="networkidle")
    assert "Site administration" in page.locator("body").inner_text()  # verified once, for this session
