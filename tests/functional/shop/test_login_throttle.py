"""Login lockout at every login form: counted per account and per IP, lifted by time or by staff."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from legal.documents.forms import version_ids_token
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db
User = get_user_model()

EMAIL = "hanako@example.jp"
PASSWORD = "correct horse battery staple"
ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.20"
LIMIT = 3
COOLOFF = datetime.timedelta(minutes=15)

# Each login page: its URL name and the form it posts, given the e-mail and the password.
PAGES = {
    "storefront": (
        "customer:login",
        lambda email, password: {"login-username": email, "login-password": password, "login_submit": "1"},
    ),
    "dashboard": ("dashboard:login", lambda email, password: {"username": email, "password": password}),
    "admin": ("admin:login", lambda email, password: {"username": email, "password": password}),
}
LOCKED_TEXT = {"ja": "ログインを一時的に制限しています", "en": "Login temporarily locked"}


@pytest.fixture(autouse=True)
def lockout_policy(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = COOLOFF


@pytest.fixture
def account(django_user_model):
    # Staff, so that every one of the three pages lets the account in.
    return django_user_model.objects.create_superuser(username="hanako", email=EMAIL, password=PASSWORD)


def log_in(client, page="storefront", password=PASSWORD, email=EMAIL, language="ja", address=ADDRESS):
    url_name, form = PAGES[page]
    with translation.override(language):
        url = reverse(url_name)
    return client.post(url, form(email, password), REMOTE_ADDR=address)


def fail(times, client, page="storefront", **where):
    return [log_in(client, page, password="wrong password", **where).status_code for _ in range(times)]


def signed_in(user) -> bool:
    """Whether any session in the database is authenticated as ``user``."""
    return any(session.get_decoded().get(SESSION_KEY) == str(user.pk) for session in Session.objects.all())


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_after_the_failures_even_the_right_password_gets_the_locked_page_and_no_session(
    client, account, page, language
):
    statuses = fail(LIMIT, client, page, language=language)

    response = log_in(client, page, language=language)

    assert statuses == [200] * (LIMIT - 1) + [429]  # the attempt that reaches the limit already locks
    assert response.status_code == 429
    page_text = response.content.decode()
    assert LOCKED_TEXT[language] in page_text
    assert "15" in page_text  # minutes to wait
    assert not signed_in(account)


@pytest.mark.parametrize("page", PAGES)
def test_below_the_limit_the_right_password_logs_in(client, account, page):
    fail(LIMIT - 1, client, page)

    response = log_in(client, page)

    assert response.status_code == 302
    assert signed_in(account)


def test_a_locked_account_is_locked_from_every_other_address_and_page(client, account):
    fail(LIMIT, client, "storefront")

    elsewhere = Client()
    responses = [log_in(elsewhere, page, address=OTHER_ADDRESS) for page in PAGES]

    assert [response.status_code for response in responses] == [429, 429, 429]
    assert not signed_in(account)


def test_the_e_mail_in_other_letter_cases_counts_as_the_same_account(client, account):
    for email in ["Hanako@example.jp", "HANAKO@EXAMPLE.JP", "hanako@Example.JP"]:
        log_in(client, password="wrong password", email=email)

    response = log_in(client, address=OTHER_ADDRESS)

    assert response.status_code == 429


def test_an_address_that_failed_on_many_accounts_is_locked_for_all_of_them(client, account):
    for number in range(LIMIT):
        log_in(client, password="wrong password", email=f"guess{number}@example.jp")

    from_there = log_in(client)
    from_elsewhere = log_in(Client(), address=OTHER_ADDRESS)

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302  # the account itself was never guessed at
    assert signed_in(account)


def test_behind_a_proxy_clients_are_told_apart_by_x_forwarded_for(client, account, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for number in range(LIMIT):
        client.post(
            reverse("customer:login"),
            PAGES["storefront"][1](f"guess{number}@example.jp", "wrong password"),
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"{ADDRESS}, {ADDRESS}",  # the attacker's spoofed entry, then the real one
        )

    customer = Client().post(
        reverse("customer:login"),
        PAGES["storefront"][1](EMAIL, PASSWORD),
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=f"{ADDRESS}, {OTHER_ADDRESS}",  # spoofs the attacker's address, in vain
    )

    assert customer.status_code == 302
    assert AccessAttempt.objects.filter(ip_address=ADDRESS).count() == LIMIT


def test_an_ipv6_block_counts_as_one_address_however_many_addresses_it_uses(client, django_user_model):
    accounts = [
        django_user_model.objects.create_user(username=f"m{n}", email=f"m{n}@example.jp", password=PASSWORD)
        for n in range(LIMIT + 1)
    ]
    # One host of a /64, a fresh address and a fresh account for every guess.
    for n, account in enumerate(accounts[:LIMIT]):
        log_in(Client(), password="a guess", email=account.email, address=f"2001:db8:7:7::{n + 1:x}")

    from_the_block = log_in(Client(), email=accounts[LIMIT].email, address="2001:db8:7:7:ffff::1")
    from_the_next_block = log_in(Client(), email=accounts[LIMIT].email, address="2001:db8:7:8::1")

    assert from_the_block.status_code == 429
    assert from_the_next_block.status_code == 302


@pytest.mark.parametrize("page", PAGES)
def test_the_lock_lifts_by_itself_after_the_cool_off(client, account, page):
    fail(LIMIT, client, page)
    locked_at = timezone.now()

    with time_machine.travel(locked_at + COOLOFF - datetime.timedelta(minutes=1), tick=False):
        still_locked = log_in(client, page)
    with time_machine.travel(locked_at + COOLOFF + datetime.timedelta(seconds=5), tick=False):
        after = log_in(client, page)

    assert still_locked.status_code == 429
    assert after.status_code == 302
    assert signed_in(account)


def test_attempts_while_locked_do_not_extend_the_lock(client, account):
    fail(LIMIT, client)
    locked_at = timezone.now()
    with time_machine.travel(locked_at + COOLOFF / 2, tick=False):
        fail(LIMIT, client)  # an attacker keeps trying, hoping to keep the customer out

    with time_machine.travel(locked_at + COOLOFF + datetime.timedelta(seconds=5), tick=False):
        response = log_in(client)

    assert response.status_code == 302


@pytest.mark.parametrize("page", PAGES)
def test_staff_unlock_in_the_admin_lets_the_account_in_at_once(client, account, page, django_user_model):
    fail(LIMIT, client, page)
    administrator = django_user_model.objects.create_superuser(
        username="admin", email="admin@offsetmart.example", password="another long passphrase"
    )
    admin_client = Client()
    verified_login(admin_client, administrator)

    admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    response = log_in(client, page)

    assert AccessAttempt.objects.count() == 0
    assert response.status_code == 302
    assert signed_in(account)


@pytest.mark.parametrize("page", PAGES)
def test_axes_reset_username_unlocks_the_account(client, account, page):
    fail(LIMIT, client, page)

    call_command("axes_reset_username", EMAIL)
    response = log_in(client, page)

    assert response.status_code == 302
    assert signed_in(account)


def test_the_lockouts_are_in_the_admin_for_superusers_in_japanese(client, account):
    fail(LIMIT, client)
    admin_client = Client()
    verified_login(admin_client, account)

    index = admin_client.get(reverse("admin:index"))
    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))

    assert "ログイン制限" in index.content.decode()
    assert listing.status_code == 200
    assert EMAIL in listing.content.decode()
    assert "ログイン失敗の記録" in listing.content.decode()


def test_staff_without_the_permission_do_not_see_the_lockouts(client, django_user_model):
    staff = django_user_model.objects.create_user(
        username="operator", email="operator@offsetmart.example", password=PASSWORD, is_staff=True
    )
    verified_login(client, staff)

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 403


def test_a_failed_attempt_keeps_who_where_and_when_but_not_the_password(client, account):
    log_in(client, password="my-secret-typo", email="Hanako@Example.jp")

    attempt = AccessAttempt.objects.get()
    stored = " ".join(str(value) for value in AccessAttempt.objects.values().get().values())
    assert (attempt.username, attempt.ip_address, attempt.path_info) == (EMAIL, ADDRESS, "/accounts/login/")
    assert "my-secret-typo" not in stored
    assert (attempt.get_data, attempt.post_data) == ("", "")


def test_an_overlong_e_mail_is_counted_not_refused_with_an_error(client):
    email = "a" * 250 + "@" + "b" * 60 + ".jp"  # valid for the form (at most 320 characters)

    statuses = fail(LIMIT, client, email=email)

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert len(AccessAttempt.objects.get().username) <= 255


def test_the_checkout_sign_in_is_locked_too(client, account):
    batch = CreditBatchFactory()
    client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 1}, REMOTE_ADDR=ADDRESS)
    fail(LIMIT, client)

    response = client.post(
        "/checkout/", {"username": EMAIL, "options": "existing", "password": PASSWORD}, REMOTE_ADDR=ADDRESS
    )

    assert response.status_code == 429
    assert not signed_in(account)


def test_failures_at_the_checkout_sign_in_count_towards_the_lock(client, account):
    batch = CreditBatchFactory()
    client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 1}, REMOTE_ADDR=ADDRESS)
    statuses = [
        client.post(
            "/checkout/", {"username": EMAIL, "options": "existing", "password": "wrong"}, REMOTE_ADDR=ADDRESS
        ).status_code
        for _ in range(LIMIT)
    ]

    response = log_in(Client(), address=OTHER_ADDRESS)

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert response.status_code == 429


def test_registering_still_signs_the_new_member_in(client):
    # Oscar signs the new member in without the request; the lockout backend must let that through.
    form = {"email": "new.member@example.jp", "password1": PASSWORD, "password2": PASSWORD,
            "accept_legal": "on", "legal_versions": version_ids_token(accepted_set())}  # fmt: skip

    response = client.post("/accounts/register/", form, REMOTE_ADDR=ADDRESS)

    assert response.status_code == 302
    assert signed_in(User.objects.get(email="new.member@example.jp"))


# --- The password asked again of someone signed in (shop/login_throttle/rechecks.py) ---

# Each page that asks a signed-in member for the current password: its URL name and its form.
RECHECKS = {
    "change password": (
        "customer:change-password",
        lambda password: {
            "old_password": password,
            "new_password1": "a new long phrase 9",
            "new_password2": "a new long phrase 9",
        },
    ),
    "close account": ("customer:profile-delete", lambda password: {"password": password}),
}


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user(username="taro", email="taro@example.jp", password=PASSWORD)


def recheck(client, page, password):
    url_name, form = RECHECKS[page]
    return client.post(reverse(url_name), form(password), REMOTE_ADDR=ADDRESS)


@pytest.mark.parametrize("page", RECHECKS)
def test_guessing_the_password_in_a_signed_in_session_locks_the_account_and_ends_the_session(
    client, member, page
):
    client.force_login(member)

    guesses = [recheck(client, page, "a guess") for _ in range(LIMIT)]
    then = recheck(client, page, PASSWORD)

    assert [guess.status_code for guess in guesses] == [200] * (LIMIT - 1) + [429]
    assert LOCKED_TEXT["ja"] in guesses[-1].content.decode()
    assert then.status_code == 302 and then["Location"].startswith(reverse("customer:login"))  # signed out
    assert not signed_in(member)
    member.refresh_from_db()
    assert member.is_active and member.check_password(PASSWORD)  # neither changed nor closed
    assert (
        log_in(Client(), email=member.email, address=OTHER_ADDRESS).status_code == 429
    )  # the account is locked


@pytest.mark.parametrize("page", RECHECKS)
def test_a_wrong_password_in_a_signed_in_session_is_one_failed_attempt(client, member, page):
    client.force_login(member)

    response = recheck(client, page, "a guess")

    assert response.status_code == 200 and response.context["form"].errors
    assert AccessAttempt.objects.get().failures_since_start == 1
    assert signed_in(member)


def test_the_right_password_below_the_limit_changes_it(client, member):
    client.force_login(member)
    recheck(client, "change password", "a guess")

    response = recheck(client, "change password", PASSWORD)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a new long phrase 9")
