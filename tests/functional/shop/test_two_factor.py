"""Staff two-factor sign-in: the gate on staff pages, verification, enrolment and recovery codes.

Staff sign in with their password on the real login pages; codes come from a real TOTP
computation (django_otp.oath.totp) over the secret the enrolment page shows.
"""

import itertools
import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from legal.documents import services as legal_services
from legal.privacy.requests.models import RequestKind
from legal.staff.groups import GROUP_PERMISSIONS, PRIVACY_OFFICERS_GROUP
from legal.staff.two_factor import RECOVERY_CODE_COUNT, authenticator_start, recovery_codes_issue
from shop.apps.dashboard.two_factor.middleware import OPEN_VIEWS, STAFF_NAMESPACES, is_staff_page
from shop.apps.order.models import Order
from tests.factories.privacy_requests import submitted
from tests.functional.checkout.test_checkout import place, shop  # noqa: F401  (fixture)
from tests.integration.payments.test_stripe_gateway import card
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
VERIFY = "/dashboard/two-factor/"
ENROL = "/dashboard/two-factor/enrol/"
# Staff pages outside the dashboard and admin namespaces (identity documents, disclosures,
# draft legal texts, certificate PDFs): the objects need not exist, the gate comes first.
OTHER_STAFF_PAGES = [
    "/privacy/files/identity/1/",
    "/privacy/files/disclosure/PR-1.json",
    "/legal/preview/1/",
    "/certificates/OM-2026-000001/pdf/",
]


def named_patterns(patterns, namespaces=()):
    """Every named URL pattern with its full namespaced name."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name)), pattern


def staff_page_urls(language: str) -> list[str]:
    """Every dashboard and admin page the resolver knows, in ``language``, with made-up object ids."""
    urls = set()
    with translation.override(language):
        for name, pattern in named_patterns(get_resolver().url_patterns):
            if name.split(":")[0] not in STAFF_NAMESPACES or name in OPEN_VIEWS:
                continue
            keys = list(pattern.pattern.regex.groupindex)
            # "legal" fits the admin's app pages (an app label); "1" and "x" fit the rest.
            for values in itertools.product(["1", "legal", "x"], repeat=len(keys)):
                try:
                    urls.add(reverse(name, kwargs=dict(zip(keys, values, strict=True))))
                    break
                except NoReverseMatch:
                    continue
            else:
                raise AssertionError(f"no URL for {name}")
    return sorted(urls)


def staff_member(django_user_model, email="ops@offsetmart.example", **fields):
    fields.setdefault("is_staff", True)
    return django_user_model.objects.create_user(email.split("@")[0], email, PASSWORD, **fields)


def password_login(client: Client, user, login_page="/dashboard/login/") -> Client:
    """The first step only: the password on the dashboard's login form."""
    response = client.post(login_page, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return client


def with_authenticator(user) -> tuple[TOTPDevice, list[str]]:
    """A staff member who enrolled: a confirmed authenticator app and their recovery codes."""
    device = authenticator_start(user=user)
    device.confirmed = True
    device.save()
    return device, recovery_codes_issue(user=user)


def code_for(key: bytes, steps_ahead: int = 0) -> str:
    """The app's code now, or ``steps_ahead`` 30-second steps later (the check allows one step of drift)."""
    return f"{totp(key, t0=-30 * steps_ahead):06d}"


def secret_on(page: str) -> bytes:
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    return b32decode(secret.replace(" ", ""))


@pytest.fixture
def unverified_staff(client, django_user_model):
    """A staff member with an authenticator app, signed in with the password only."""
    user = staff_member(django_user_model)
    with_authenticator(user)
    client.force_login(user)
    return client


# --- The gate --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_dashboard_and_admin_page_sends_unverified_staff_to_verify(unverified_staff, language):
    urls = staff_page_urls(language)
    assert len(urls) > 300  # the walk found the dashboard and the admin, not a handful
    verify = reverse_in(language, "dashboard:two-factor-verify")

    let_through = []
    for url in urls:
        for method in ("get", "post"):
            response = getattr(unverified_staff, method)(url)
            if response.status_code != 302 or not response["Location"].startswith(f"{verify}?next="):
                let_through.append(f"{method.upper()} {url}: {response.status_code}")

    assert let_through == []


def test_staff_pages_outside_the_dashboard_send_unverified_staff_to_verify(unverified_staff):
    for url in OTHER_STAFF_PAGES:
        response = unverified_staff.get(url)

        assert response.status_code == 302 and response["Location"].startswith(f"{VERIFY}?next="), url


def reverse_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(
    ("is_staff", "is_superuser", "group"),
    [(True, True, None), (True, False, None), *((False, False, name) for name in GROUP_PERMISSIONS)],
    ids=["superuser", "staff status", *GROUP_PERMISSIONS],
)
def test_every_kind_of_staff_account_is_asked_for_the_second_factor(
    client, django_user_model, is_staff, is_superuser, group
):
    user = staff_member(django_user_model, is_staff=is_staff, is_superuser=is_superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)

    for url in ["/dashboard/", "/admin/", "/en/admin/legal/incident/", "/dashboard/certificates/"]:
        response = client.get(url)

        assert response.status_code == 302 and "/dashboard/two-factor/" in response["Location"], url


def test_a_new_dashboard_section_is_behind_the_gate_from_the_start():
    assert is_staff_page("dashboard:some-future-section", ["dashboard"])
    assert is_staff_page("admin:newapp_newmodel_changelist", ["admin"])
    assert not is_staff_page("catalogue:index", ["catalogue"])
    assert not is_staff_page("dashboard:login", ["dashboard"])


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        "/en/dashboard/",
        "/dashboard/certificates/",
        "/en/dashboard/certificates/issued/",
        "/dashboard/privacy-requests/",
        "/admin/",
        "/en/admin/",
        "/admin/legal/incident/",
        "/admin/legal/privacyrequest/",
        "/en/admin/legal/staffaccess/",
    ],
)
def test_verified_staff_get_in(client, django_user_model, url):
    verified_login(
        client, django_user_model.objects.create_superuser("root", "root@offsetmart.example", PASSWORD)
    )

    assert client.get(url).status_code == 200


# --- Enrolment ---------------------------------------------------------------------------


def test_staff_without_a_device_enrol_on_first_login_and_get_recovery_codes(client, django_user_model):
    user = staff_member(django_user_model, is_superuser=True)
    password_login(client, user)

    to_verify = client.get("/dashboard/certificates/")
    to_enrol = client.get(to_verify["Location"])
    page = client.get(to_enrol["Location"])

    assert to_verify["Location"] == f"{VERIFY}?next=/dashboard/certificates/"
    assert to_enrol["Location"] == f"{ENROL}?next=/dashboard/certificates/"
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text and 'id="two-factor-qr"' in text  # the QR code
    assert "認証アプリ" in text  # the page is in Japanese
    secret = secret_on(text)

    response = client.post(ENROL, {"code": code_for(secret), "next": "/dashboard/certificates/"})

    assert response.status_code == 200
    shown = re.findall(r"<li class=\"col-6 mb-2\"><code>([A-Z2-7]{8})</code></li>", response.content.decode())
    codes = [code.lower() for code in shown]
    assert len(codes) == RECOVERY_CODE_COUNT
    assert "大切に保管" in response.content.decode()  # told to keep them
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(
        codes
    )
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/dashboard/certificates/").status_code == 200


def test_the_enrolment_page_is_in_english_under_en(client, django_user_model):
    client.force_login(staff_member(django_user_model))

    page = client.get("/en/dashboard/two-factor/enrol/").content.decode()

    assert "Scan this QR code with the authenticator app" in page
    assert 'href="/dashboard/two-factor/enrol/"' in page  # the same page in Japanese


def test_a_wrong_enrolment_code_is_refused_with_a_message(client, django_user_model):
    user = staff_member(django_user_model)
    client.force_login(user)
    client.get(ENROL)

    wrong = client.post(ENROL, {"code": "000000"})
    garbage = client.post(ENROL, {"code": "x" * 500})

    assert wrong.status_code == 400 and "コードが正しくありません" in wrong.content.decode()
    assert garbage.status_code == 400 and "6桁のコード" in garbage.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get("/dashboard/").status_code == 302


def test_a_password_alone_cannot_replace_an_enrolled_app(unverified_staff):
    assert unverified_staff.get(ENROL)["Location"].startswith(VERIFY)
    assert unverified_staff.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)


def test_enrolling_a_new_phone_replaces_the_old_app_and_codes(client, django_user_model):
    user = staff_member(django_user_model)
    old_device, old_codes = with_authenticator(user)
    password_login(client, user)
    client.post(VERIFY, {"code": code_for(old_device.bin_key)})
    page = client.get(ENROL).content.decode()
    assert "前の認証アプリは使えなくなり" in page

    response = client.post(ENROL, {"code": code_for(secret_on(page))})

    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) != [old_device.pk]
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


# --- Verification ------------------------------------------------------------------------


def test_a_code_from_the_app_opens_the_staff_pages_for_this_session(client, django_user_model):
    user = staff_member(django_user_model)
    device, _codes = with_authenticator(user)
    password_login(client, user)
    password_session = client.session.session_key

    response = client.post(VERIFY, {"code": code_for(device.bin_key), "next": "/en/dashboard/"})

    assert response.status_code == 302 and response["Location"] == "/en/dashboard/"
    assert client.session.session_key != password_session  # a new key for the raised privilege
    dashboard = client.get("/en/dashboard/")
    assert dashboard.status_code == 200
    assert 'href="/en/dashboard/two-factor/enrol/"' in dashboard.content.decode()  # a new phone, later
    assert password_login(Client(), user).get("/en/dashboard/").status_code == 302  # another session


def test_an_identity_document_opens_only_after_the_second_factor(client, django_user_model):
    officer = staff_member(django_user_model, email="officer@offsetmart.example")
    officer.groups.add(Group.objects.get(name=PRIVACY_OFFICERS_GROUP))
    device, _codes = with_authenticator(officer)
    document = submitted(RequestKind.DISCLOSURE).identity_documents.get()
    url = reverse_in("ja", "privacy_requests:identity-file", pk=document.pk)
    password_login(client, officer)

    before = client.get(url)
    client.post(VERIFY, {"code": code_for(device.bin_key)})
    after = client.get(url)

    assert before.status_code == 302 and before["Location"] == f"{VERIFY}?next={url}"
    assert after.status_code == 200 and after["Content-Type"] == "application/pdf"


def test_a_wrong_code_is_refused_and_nothing_opens(unverified_staff):
    response = unverified_staff.post(VERIFY, {"code": "000000"})

    assert response.status_code == 400
    assert "コードが正しくありません" in response.content.decode()
    assert unverified_staff.get("/dashboard/").status_code == 302


@pytest.mark.parametrize("code", ["", "12345", "1234567", "<script>", "ａｂｃ", "x" * 10_000])
def test_bad_input_gets_a_clear_message(unverified_staff, code):
    response = unverified_staff.post("/en/dashboard/two-factor/", {"code": code})

    assert response.status_code == 400
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode() or (
        "This field is required" in response.content.decode()
    )


def test_codes_tried_too_fast_are_held_back(client, django_user_model, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute after the first wrong code: no race with the clock
    user = staff_member(django_user_model)
    device, _codes = with_authenticator(user)
    client.force_login(user)
    client.post(VERIFY, {"code": "000000"})

    response = client.post(VERIFY, {"code": code_for(device.bin_key)})

    assert response.status_code == 429
    assert "間違ったコードが続いた" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302


def test_next_never_leaves_the_site(client, django_user_model):
    user = staff_member(django_user_model)
    device, _codes = with_authenticator(user)
    client.force_login(user)

    response = client.post(VERIFY, {"code": code_for(device.bin_key), "next": "https://evil.example/"})

    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_customers_are_refused_the_two_factor_pages(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("taro", "taro@example.jp", PASSWORD))

    assert client.get(VERIFY).status_code == 403
    assert client.get(ENROL).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_visitors_are_sent_to_the_login_page(client):
    assert client.get(VERIFY)["Location"].startswith("/dashboard/login/")


# --- Recovery codes --------------------------------------------------------------------


def test_a_recovery_code_signs_in_once_and_the_page_says_to_set_up_the_app_again(client, django_user_model):
    user = staff_member(django_user_model)
    _device, codes = with_authenticator(user)
    password_login(client, user)

    response = client.post(VERIFY, {"code": codes[0].upper(), "next": "/dashboard/"}, follow=True)

    assert response.redirect_chain[0][0] == f"{ENROL}?next=/dashboard/"
    text = response.content.decode()
    assert "リカバリーコードでサインインしました" in text and "残り9個" in text
    assert client.get("/dashboard/").status_code == 200
    again = password_login(Client(), user).post(VERIFY, {"code": codes[0]})
    assert again.status_code == 400
    assert StaticToken.objects.filter(device__user=user).count() == RECOVERY_CODE_COUNT - 1


def test_another_staff_members_recovery_code_does_not_work(unverified_staff, django_user_model):
    colleague = staff_member(django_user_model, email="colleague@offsetmart.example")
    _device, codes = with_authenticator(colleague)

    response = unverified_staff.post(VERIFY, {"code": codes[0]})

    assert response.status_code == 400
    assert StaticDevice.objects.get(user=colleague).token_set.count() == RECOVERY_CODE_COUNT


def test_the_demo_staff_member_signs_in_with_a_printed_demo_code(client, settings, capsys):
    settings.DEMO_STAFF_RECOVERY_CODES = True  # as in `make run`
    call_command("load_demo_data")
    capsys.readouterr()
    call_command("demo_staff_codes")
    code = capsys.readouterr().out.split()[0]
    client.post(
        "/dashboard/login/", {"username": settings.DEMO_STAFF_EMAIL, "password": settings.DEMO_STAFF_PASSWORD}
    )

    response = client.post(VERIFY, {"code": code, "next": "/dashboard/"})

    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


# --- Customers ---------------------------------------------------------------------------


def test_customers_on_staff_addresses_get_what_they_always_got(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("taro", "taro@example.jp", PASSWORD))

    for url in ["/dashboard/", "/admin/", "/dashboard/certificates/"]:
        response = client.get(url)

        assert "two-factor" not in response.get("Location", ""), url
        assert response.status_code in {302, 403}, url


def test_a_customer_signs_in_and_buys_without_a_second_factor(
    client,
    shop,  # noqa: F811
    django_user_model,
    django_capture_on_commit_callbacks,
):
    member = django_user_model.objects.create_user("hanako", "hanako@example.jp", PASSWORD)
    legal_services.acceptances_record(versions=shop["versions"], context="registration", user=member)

    signed_in = client.post(
        "/accounts/login/", {"login-username": member.email, "login-password": PASSWORD, "login_submit": "1"}
    )
    client.post(f"/basket/add/{shop['batch'].product.pk}/", {"quantity": 2})
    checkout = client.get("/checkout/", follow=True)
    details = client.post(
        "/checkout/payment-details/",
        {"beneficiary_name": "山田花子", "payment_method": card(shop["localstripe"], "4242424242424242")},
    )
    with django_capture_on_commit_callbacks(execute=True):
        placed = place(client, shop)

    assert signed_in.status_code == 302 and "two-factor" not in signed_in["Location"]
    assert all("two-factor" not in url for url, _status in checkout.redirect_chain)
    assert details.status_code == 302 and details["Location"] == "/checkout/preview/"
    assert placed.status_code == 302 and placed["Location"] == "/checkout/thank-you/"
    assert Order.objects.get().user == member
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
