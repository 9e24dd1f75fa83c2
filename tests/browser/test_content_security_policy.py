"""Every page the tests visit runs in Chromium under the production Content-Security-Policy.

The policy is the one of shop/settings/base.py, which production sends unchanged
(tests/integration/shop/test_settings.py checks that). Each page must carry the
header and cause no violation: neither a ``securitypolicyviolation`` event nor a
console message about the policy (the ``policy_watch`` fixture). The last test
proves the watch sees a violation when there is one.
"""

import re
from base64 import b32decode
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from oscar.core.loading import get_model

from legal.privacy.requests.models import PrivacyRequest
from legal.processors.models import Processor
from offsets.models import Certificate
from tests.factories.certificates import certificate_for, paid_order
from tests.factories.incidents import incident_registered
from tests.factories.legal import published_version
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.factories.privacy import japan
from tests.factories.privacy_requests import submitted

# axe audits only the last page of these tests: its own style elements would show as policy reports.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.csp_watch]

User = get_user_model()
UserAddress = get_model("address", "UserAddress")

# The only pages that may run Stripe.js (shop/payments/stripe/browser_policy.py).
PAYMENT_PAGES = {"/checkout/payment-details/", "/checkout/preview/", "/checkout/payment-return/"}


@pytest.fixture
def shop(localstripe, processors, live_server):
    call_command("load_legal_demo", verbosity=0)
    published_version("terms")  # a second version, for the history and the diff
    project = OffsetProjectFactory(name="北の森 間伐プロジェクト", name_en="Kita-no-Mori Thinning Project")
    batch = CreditBatchFactory(project=project, serial_first=1, serial_last=500, price_per_tonne=3300)
    return {"url": live_server.url, "batch": batch, "localstripe": localstripe}


def assert_policy_kept(page, policy_watch) -> None:
    """The page now shown came with the policy and broke none of it."""
    header = policy_watch.documents[-1].headers.get("content-security-policy", "")
    script_src = re.search(r"script-src ([^;]*)", header)
    assert script_src, f"{page.url}: {header!r}"
    assert "unsafe-inline" not in script_src.group(1) and "unsafe-eval" not in header
    assert policy_watch.violations(page) == [], page.url


def visit(page, policy_watch, url: str) -> None:
    response = page.goto(url)
    assert response.status < 500, url
    assert_policy_kept(page, policy_watch)


def assert_every_page_had_the_policy(policy_watch, *, stripe_origin: str) -> set[str]:
    """Every document, redirects too, carried the header; only the payment pages allow Stripe. Their paths."""
    paths = set()
    for response in policy_watch.documents:
        path = urlsplit(response.url).path
        header = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in header, response.url
        assert (stripe_origin in header) == (path in PAYMENT_PAGES), response.url
        assert "stripe.com" not in header, response.url  # offline: localstripe, never real Stripe
        paths.add(path)
    return paths


def test_a_guest_browses_and_pays_with_3d_secure_under_the_policy(page, shop, policy_watch, screenshot):
    url, batch = shop["url"], shop["batch"]
    product = batch.product.get_absolute_url()
    for path in ["/", "/en/", "/catalogue/", product, "/search/?q=森", "/catalogue/nothing_99999/"]:
        visit(page, policy_watch, url + path)

    visit(page, policy_watch, url + product)
    page.locator("#add_to_basket_form input[name=quantity]").fill("2")
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.wait_for_load_state()
    assert_policy_kept(page, policy_watch)
    visit(page, policy_watch, url + "/basket/")
    visit(page, policy_watch, url + "/checkout/")
    page.locator("input[name=username]").fill("guest@example.jp")
    page.locator("input[name=username]").press("Enter")
    page.wait_for_url(re.compile(r"/checkout/payment-details/$"))
    assert_policy_kept(page, policy_watch)
    page.locator("#id_beneficiary_name").fill("株式会社サンプル")
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill("4000002760003184")  # needs 3-D Secure
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    page.locator("#to-confirmation").click()
    page.wait_for_url(re.compile(r"/checkout/preview/$"))
    assert_policy_kept(page, policy_watch)
    page.locator("#id_accept").check()
    page.locator("#id_consent_recipients").check()
    page.locator("#place-order").click()

    authenticate = page.get_by_role("button", name="Complete authentication")
    authenticate.wait_for()
    assert_policy_kept(page, policy_watch)  # the 3-D Secure page, answered by the preview
    screenshot("csp-3d-secure")
    authenticate.click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))
    assert_policy_kept(page, policy_watch)
    assert "契約が成立しました" in page.locator("body").inner_text()

    certificate = certificate_for(tonnes=2)
    for path in [
        "/legal/terms/",
        "/legal/terms/history/",
        "/legal/terms/v1/",
        "/legal/terms/diff/?from=1&to=2",
        "/legal/privacy/",
        "/legal/cookies/",
        "/legal/tokushoho/",
        "/en/legal/terms/",
        "/verify/",
        f"/verify/{certificate.number}/",
        f"/verify/{certificate.number}/?t={certificate.token}",
        "/ledger/",
        "/calculator/",
        "/guide/claims/",
        "/privacy/request/",
        "/accounts/login/",
        "/en/accounts/register/",
    ]:
        visit(page, policy_watch, url + path)

    paths = assert_every_page_had_the_policy(policy_watch, stripe_origin=shop["localstripe"])
    assert {"/checkout/payment-details/", "/checkout/preview/", "/checkout/thank-you/"} <= paths


def test_a_member_s_account_pages_keep_to_the_policy(page, shop, policy_watch, browser_sign_in):
    member = User.objects.create_user(
        username="hanako", email="hanako@example.jp", password="a-long-passphrase-42", first_name="花子"
    )
    order = certificate_for(user=member, tonnes=2).order
    UserAddress.objects.create(
        user=member, first_name="花子", last_name="山田", line1="千代田区丸の内1-1-1", line4="東京都",
        postcode="100-0005", country=japan(), phone_number="+81312345678",
    )  # fmt: skip
    request = submitted(user=member)
    browser_sign_in(member)

    for path in [
        "/accounts/",
        "/accounts/profile/",
        "/accounts/profile/edit/",
        "/accounts/change-password/",
        "/accounts/orders/",
        f"/accounts/orders/{order.number}/",
        "/accounts/addresses/",
        "/accounts/addresses/add/",
        "/accounts/emails/",
        "/accounts/notifications/inbox/",
        "/accounts/privacy/my-data/",
        "/accounts/privacy/requests/",
        "/accounts/privacy/requests/new/",
        f"/accounts/privacy/requests/{request.reference}/",
        "/accounts/profile/delete/",
        "/accounts/privacy/",
        "/accounts/api-keys/",
        "/en/accounts/",
        "/basket/",
    ]:
        visit(page, policy_watch, shop["url"] + path)
        assert "/login/" not in page.url, path  # the member's own page, not the log-in form

    assert_every_page_had_the_policy(policy_watch, stripe_origin=shop["localstripe"])


def test_the_dashboard_and_the_admin_keep_to_the_policy(page, shop, policy_watch, signed_in_staff):
    queued = paid_order(shop["batch"], 3)
    certificate = certificate_for(tonnes=2)
    incident = incident_registered()
    privacy_request = submitted()
    version = published_version("privacy")

    for path in [
        "/dashboard/",
        "/dashboard/certificates/",
        "/dashboard/certificates/issued/",
        f"/dashboard/certificates/order/{queued.number}/",
        f"/dashboard/certificates/order/{certificate.order.number}/",
        f"/dashboard/certificates/order/{queued.number}/lines/{queued.lines.get().pk}/substitute/",
        "/dashboard/invoices/",
        "/dashboard/privacy-requests/",
        f"/dashboard/privacy-requests/{privacy_request.reference}/",
        "/dashboard/orders/",
        f"/dashboard/orders/{queued.number}/",
        "/dashboard/catalogue/",
        "/dashboard/catalogue/product-types/",
        "/dashboard/catalogue/product-type/create/",
        "/dashboard/catalogue/products/create/credit-batch/",  # rich text editor, image upload
        "/dashboard/users/",
        "/en/dashboard/",
        reverse("admin:index"),
        reverse("admin:legal_documentversion_changelist"),
        reverse("admin:legal_documentversion_change", args=[version.pk]),
        reverse("admin:legal_documentversion_add"),
        reverse("admin:legal_incident_changelist"),
        reverse("admin:legal_incident_add"),
        reverse("admin:legal_incident_change", args=[incident.pk]),
        reverse("admin:legal_incident_report", args=[incident.pk]),
        reverse("admin:legal_incident_notices", args=[incident.pk]),
        reverse("admin:legal_processor_changelist"),
        reverse("admin:legal_processor_change", args=[Processor.objects.first().pk]),
        reverse("admin:legal_provisionrecord_changelist"),
        reverse("admin:legal_privacyrequest_changelist"),
        reverse("admin:legal_privacyrequest_change", args=[PrivacyRequest.objects.get().pk]),
        reverse("admin:legal_staffaccess_changelist"),
        reverse("admin:offsets_creditbatch_add"),
        reverse("admin:offsets_creditbatch_change", args=[shop["batch"].pk]),
        reverse("admin:offsets_offsetproject_add"),
    ]:
        visit(page, policy_watch, shop["url"] + path)
    assert Certificate.objects.filter(status=Certificate.Status.VALID).count() == 1

    assert_every_page_had_the_policy(policy_watch, stripe_origin=shop["localstripe"])


def test_a_new_staff_member_s_two_factor_set_up_keeps_to_the_policy(
    page, shop, policy_watch, django_user_model
):
    django_user_model.objects.create_superuser("ren", "ren@offsetmart.example", "correct horse battery")

    visit(page, policy_watch, shop["url"] + "/dashboard/")
    page.fill("#id_username", "ren@offsetmart.example")
    page.fill("#id_password", "correct horse battery")
    page.locator("#dashboard_login_form [type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/two-factor/enrol/"))
    assert_policy_kept(page, policy_watch)  # the QR code is drawn without a script or style exception
    secret = b32decode(page.locator("#two-factor-secret").inner_text().replace(" ", ""))
    page.fill("#id_code", f"{totp(secret):06d}")
    page.locator("#two-factor-form [type=submit]").click()
    page.locator("#recovery-codes").wait_for()
    assert_policy_kept(page, policy_watch)
    page.locator("#two-factor-continue").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert_policy_kept(page, policy_watch)

    paths = assert_every_page_had_the_policy(policy_watch, stripe_origin=shop["localstripe"])
    assert {"/dashboard/login/", "/dashboard/two-factor/enrol/", "/dashboard/"} <= paths


@pytest.mark.urls("tests.browser.csp_probe_urls")
def test_the_watch_catches_an_inline_script_without_the_nonce(page, live_server, policy_watch):
    page.goto(live_server.url + "/csp-probe/")
    page.locator("#inline-handler").click()

    assert page.evaluate("window.scriptWithNonceRan") is True
    assert page.evaluate("window.injectedScriptRan") is None
    assert page.evaluate("window.inlineHandlerRan") is None
    violations = policy_watch.violations(page)
    events = [found for found in violations if isinstance(found, dict)]
    console = [found for found in violations if isinstance(found, str)]
    assert {(event["directive"], event["blocked"]) for event in events} == {
        ("script-src-elem", "inline"),
        ("script-src-attr", "inline"),
    }
    assert len(console) == 2 and all("Content Security Policy" in message for message in console)
