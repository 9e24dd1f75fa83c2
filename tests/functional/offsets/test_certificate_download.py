"""The certificate PDF: for its token holder, its buyer and staff; everyone else gets a plain 404."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from offsets import services
from tests.factories.certificates import certificate_for, certificate_reissued, retired_order
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(django_user_model):
    return django_user_model.objects.create_user(
        username="hanako", email="hanako@example.jp", password="a-long-passphrase-42"
    )


@pytest.fixture
def certificate(processors, buyer):
    return certificate_for(user=buyer)


def pdf_url(certificate, token: str | None = None) -> str:
    return f"/certificates/{certificate.number}/pdf/" + (f"?t={token}" if token is not None else "")


def pdf_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_token_downloads_the_pdf(client, certificate):
    response = client.get(pdf_url(certificate, certificate.token))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{certificate.number}.pdf"'
    assert pdf_bytes(response).startswith(b"%PDF")


def test_the_english_address_serves_the_same_pdf(client, certificate):
    response = client.get("/en" + pdf_url(certificate, certificate.token))

    assert response.status_code == 200
    assert pdf_bytes(response).startswith(b"%PDF")


def test_the_buyer_signed_in_downloads_it_without_the_token(client, certificate, buyer):
    client.force_login(buyer)

    response = client.get(pdf_url(certificate))

    assert response.status_code == 200
    assert pdf_bytes(response).startswith(b"%PDF")


def test_another_customer_gets_not_found(client, certificate, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="other", email="other@example.jp"))

    response = client.get(pdf_url(certificate))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_without_the_right_token_a_visitor_gets_the_friendly_not_found_page(client, certificate, token):
    response = client.get("/en" + pdf_url(certificate, token))

    text = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in text
    assert '<meta name="robots" content="noindex">' in text
    assert certificate.number not in text.replace(f"/certificates/{certificate.number}/pdf/", "")


def test_an_unknown_number_looks_the_same_as_a_wrong_token(client, certificate):
    unknown = client.get("/certificates/OM-2026-999999/pdf/?t=anything")
    wrong_token = client.get(pdf_url(certificate, "anything"))

    assert unknown.status_code == wrong_token.status_code == 404
    # The same page but for the address itself (the language switch links to it), the
    # per-response CSRF token of the page's forms (the cookie banner) and the script nonce.
    assert without_per_response_tokens(
        unknown.content.decode().replace("OM-2026-999999", certificate.number)
    ) == without_per_response_tokens(wrong_token.content.decode())


def without_per_response_tokens(page: str) -> str:
    """The page with each form's CSRF token and each script's nonce blanked: fresh on every response."""
    page = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', page)
    return re.sub(r'( nonce=")[^"]*"', r'\1"', page)


def test_staff_with_the_permission_download_it(staff_client, certificate):
    response = staff_client.get(pdf_url(certificate))

    assert response.status_code == 200
    assert pdf_bytes(response).startswith(b"%PDF")


def test_staff_without_the_permission_get_not_found(client, certificate, django_user_model):
    clerk = django_user_model.objects.create_user(username="clerk", email="clerk@example.jp", is_staff=True)
    verified_login(client, clerk)
    assert client.get(pdf_url(certificate)).status_code == 404

    clerk.user_permissions.add(
        Permission.objects.get(codename="view_certificate", content_type__app_label="offsets")
    )
    verified_login(client, clerk)  # a fresh user object: permissions are cached per instance
    assert client.get(pdf_url(certificate)).status_code == 200


def test_a_superseded_pdf_is_for_staff_only(staff_client, certificate, buyer):
    certificate_reissued(certificate=certificate)
    owner = Client()
    owner.force_login(buyer)

    assert Client().get(pdf_url(certificate, certificate.token)).status_code == 404
    assert owner.get(pdf_url(certificate)).status_code == 404
    assert staff_client.get(pdf_url(certificate)).status_code == 200


def test_a_revoked_pdf_is_not_served(staff_client, certificate, buyer):
    services.certificate_revoke(certificate=certificate, reason="Chargeback", revoked_by=None)
    owner = Client()
    owner.force_login(buyer)

    assert Client().get(pdf_url(certificate, certificate.token)).status_code == 404
    assert owner.get(pdf_url(certificate)).status_code == 404
    assert staff_client.get(pdf_url(certificate)).status_code == 404


def test_a_certificate_being_issued_has_no_pdf_yet(client, processors):
    pending = services.certificate_issue(order=retired_order(), requested_by=None)

    assert client.get(pdf_url(pending, pending.token)).status_code == 404


# --- The buyer's order page -------------------------------------------------------------


def test_the_order_page_links_the_pdf_and_the_verification_page(client, certificate, buyer):
    client.force_login(buyer)

    response = client.get(f"/en/accounts/orders/{certificate.order.number}/")

    text = response.content.decode()
    assert response.status_code == 200
    assert certificate.number in text
    assert f'href="/en/certificates/{certificate.number}/pdf/"' in text
    assert "Download certificate (PDF)" in text
    assert f'href="/en/verify/{certificate.number}/?t={certificate.token}"' in text


def test_the_order_page_shows_the_replacement_after_a_reissue(client, certificate, buyer):
    replacement = certificate_reissued(certificate=certificate)
    client.force_login(buyer)

    text = client.get(f"/en/accounts/orders/{certificate.order.number}/").content.decode()

    assert f'href="/en/certificates/{replacement.number}/pdf/"' in text
    assert f"/certificates/{certificate.number}/pdf/" not in text


def test_the_order_page_says_when_the_certificate_is_being_issued(client, processors, buyer):
    order = retired_order(user=buyer)
    pending = services.certificate_issue(order=order, requested_by=None)
    client.force_login(buyer)

    text = client.get(f"/en/accounts/orders/{order.number}/").content.decode()

    assert f"Your certificate {pending.number} is being issued." in text
    assert "Download certificate (PDF)" not in text


def test_the_order_page_before_issuance_shows_no_certificate(client, processors, buyer):
    order = retired_order(user=buyer)
    client.force_login(buyer)

    response = client.get(f"/en/accounts/orders/{order.number}/")

    assert response.status_code == 200
    assert "/certificates/" not in response.content.decode()
