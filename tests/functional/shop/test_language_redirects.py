"""Every redirect after signing in, registering, signing out and checking out keeps the language.

Japanese pages are unprefixed and English ones live under /en/; a redirect to a bare path
("/", Django's default "/accounts/profile/") used to drop an English visitor on Japanese pages.
"""

import html

import pytest

from tests.factories.legal import accepted_set
from tests.functional.legal.test_acceptance_flows import registration

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-42"
LANGUAGES = pytest.mark.parametrize(
    ("prefix", "welcome", "thanks"),
    [("", "お帰りなさい", "ご登録ありがとうございます"), ("/en", "Welcome back", "Thanks for registering!")],
)


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user(
        username="hanako", email="hanako@example.jp", password=PASSWORD
    )


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def sign_in(client, prefix: str, **extra):
    return client.post(
        f"{prefix}/accounts/login/",
        {"login-username": "hanako@example.jp", "login-password": PASSWORD, "login_submit": "1", **extra},
    )


@LANGUAGES
def test_signing_in_lands_on_the_account_in_the_same_language(client, member, prefix, welcome, thanks):
    # when a member signs in on the login page of one language
    response = sign_in(client, prefix)

    # then the account pages open in that language, with the welcome in it
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/accounts/"
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[-1][0] == f"{prefix}/accounts/profile/"
    assert landing.status_code == 200
    assert welcome in text_of(landing)


@LANGUAGES
def test_a_signed_in_member_opening_the_login_page_goes_to_the_account_in_the_same_language(
    client, member, prefix, welcome, thanks
):
    client.force_login(member)

    response = client.get(f"{prefix}/accounts/login/")

    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/accounts/"


@LANGUAGES
@pytest.mark.parametrize("page", ["/accounts/login/", "/accounts/register/"])
def test_registering_lands_on_the_account_in_the_same_language(client, prefix, welcome, thanks, page):
    # given the legal versions a new member accepts
    versions = accepted_set()
    form = registration(versions)
    if page == "/accounts/login/":  # the combined sign-in and registration page
        form = {**{f"registration-{name}": value for name, value in form.items()}, "registration_submit": "1"}

    # when a visitor registers on a page of one language
    response = client.post(prefix + page, form)

    # then the account opens in that language (the combined page thanks them in it too)
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/accounts/"
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[-1][0] == f"{prefix}/accounts/profile/"
    language = landing.context["request"].LANGUAGE_CODE
    assert language == ("en" if prefix else "ja")
    if page == "/accounts/login/":
        assert thanks in text_of(landing)


@LANGUAGES
def test_signing_out_lands_on_the_home_page_of_the_same_language(client, member, prefix, welcome, thanks):
    client.force_login(member)

    response = client.get(f"{prefix}/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/"
    assert "_auth_user_id" not in client.session


@LANGUAGES
def test_a_page_for_members_sends_visitors_to_the_login_page_of_the_same_language(
    client, prefix, welcome, thanks
):
    response = client.get(f"{prefix}/accounts/orders/")

    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/accounts/login/?next={prefix}/accounts/orders/"


@LANGUAGES
def test_a_next_address_given_to_the_login_page_is_still_followed(client, member, prefix, welcome, thanks):
    response = sign_in(client, prefix, **{"login-redirect_url": f"{prefix}/basket/"})

    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/basket/"


@LANGUAGES
def test_the_thank_you_page_without_an_order_sends_home_in_the_same_language(client, prefix, welcome, thanks):
    response = client.get(f"{prefix}/checkout/thank-you/")

    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/"


@LANGUAGES
def test_the_checkout_with_an_empty_basket_sends_back_to_the_basket_in_the_same_language(
    client, prefix, welcome, thanks
):
    response = client.get(f"{prefix}/checkout/")

    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/basket/"


@LANGUAGES
def test_the_home_link_of_a_page_leads_to_the_home_page_of_its_language(client, prefix, welcome, thanks):
    response = client.get(f"{prefix}/ledger/")

    assert response.status_code == 200
    assert f'<a href="{prefix}/">' in response.content.decode()
