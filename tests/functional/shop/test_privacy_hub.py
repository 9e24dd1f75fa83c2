"""The member's privacy page (/accounts/privacy/) and who sees the beneficiary on the verification page."""

import html

import pytest

from tests.factories.certificates import BENEFICIARY_NAME, certificate_for, certificate_reissued

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user(
        username="hanako", email="hanako@example.jp", password="a-long-password-42"
    )


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def verification_shows_beneficiary(client, certificate) -> bool:
    """What an anonymous visitor (no token) sees on the certificate's public page."""
    client.logout()
    return BENEFICIARY_NAME in text_of(client.get(f"/en/verify/{certificate.number}/"))


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_visitors_are_sent_to_log_in(client, prefix):
    response = client.get(f"{prefix}/accounts/privacy/")

    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/accounts/login/?next={prefix}/accounts/privacy/"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", ["あなたのデータ", "あなたの請求", "あなたの設定", "/accounts/privacy/my-data/"]),
        ("/en", ["Your data", "Your requests", "Your settings", "/en/accounts/privacy/my-data/"]),
    ],
)
def test_the_hub_gathers_data_requests_and_settings_in_both_languages(client, member, prefix, expected):
    client.force_login(member)

    response = client.get(f"{prefix}/accounts/privacy/")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = text_of(response)
    for text in expected:
        assert text in page
    assert f"{prefix}/accounts/privacy/requests/new/" in page
    assert f"{prefix}/legal/cookies/consent/" in page


def test_a_member_hides_and_shows_the_beneficiary_on_the_verification_page(client, member, processors):
    certificate = certificate_for(user=member, show_publicly=True)
    assert verification_shows_beneficiary(client, certificate)
    client.force_login(member)

    response = client.post(
        f"/en/accounts/privacy/orders/{certificate.order.number}/visibility/", {"visibility": "hide"}
    )

    assert response.status_code == 302
    assert not verification_shows_beneficiary(client, certificate)
    client.force_login(member)
    assert "hidden" in text_of(client.get("/en/accounts/privacy/"))

    client.post(f"/en/accounts/privacy/orders/{certificate.order.number}/visibility/", {"visibility": "show"})

    assert verification_shows_beneficiary(client, certificate)


def test_a_certificate_reissued_after_hiding_stays_hidden(client, member, processors):
    certificate = certificate_for(user=member, show_publicly=True)
    client.force_login(member)
    client.post(f"/accounts/privacy/orders/{certificate.order.number}/visibility/", {"visibility": "hide"})

    replacement = certificate_reissued(certificate=certificate, beneficiary_name=BENEFICIARY_NAME)

    assert replacement.show_publicly is False
    assert not verification_shows_beneficiary(client, replacement)


def test_another_members_order_cannot_be_changed(client, member, processors, django_user_model):
    certificate = certificate_for(guest_email="someone@example.jp", show_publicly=True)
    client.force_login(member)

    response = client.post(
        f"/accounts/privacy/orders/{certificate.order.number}/visibility/", {"visibility": "hide"}
    )

    assert response.status_code == 404
    assert verification_shows_beneficiary(client, certificate)


@pytest.mark.parametrize("choice", ["", "maybe", "HIDE"])
def test_an_unknown_choice_is_a_clear_400(client, member, processors, choice):
    certificate = certificate_for(user=member, show_publicly=True)
    client.force_login(member)

    response = client.post(
        f"/en/accounts/privacy/orders/{certificate.order.number}/visibility/", {"visibility": choice}
    )

    assert response.status_code == 400
    assert "show" in response.content.decode()
    assert verification_shows_beneficiary(client, certificate)
