"""Control characters in the address or a form get a clear 400 page, before any view or the database."""

import html

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from legal.privacy.requests.models import PrivacyRequest
from shop.middleware import ControlCharacterMiddleware
from tests.factories.privacy_requests import pdf_upload

pytestmark = pytest.mark.django_db

JAPANESE_PAGE = "制御文字"
ENGLISH_PAGE = "contains control characters"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def text(response) -> str:
    return html.unescape(response.content.decode())


def public_request(**fields) -> dict:
    data = {
        "requester_name": "鈴木 花子",
        "requester_email": "hanako@example.jp",
        "kind": "purposes",
        "details": "",
        "correction-TOTAL_FORMS": "0",
        "correction-INITIAL_FORMS": "0",
        "requester_id": pdf_upload(),
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    "address",
    [
        "/verify/OM-2026-%00001/",  # NUL: PostgreSQL cannot even compare text holding it
        "/certificates/OM%00/pdf/",
        "/accounts/alerts/confirm/key%00/",
        "/wishlists/key%00/",
        "/search/?q=forest%00",
        "/catalogue/?page%00=1",
        "/verify/OM-2026-%01/",  # other control characters: C0, DEL, C1 (NEL)
        "/search/?q=%1b%5b2J",
        "/legal/terms/diff/?from=1%7f&to=2",
        "/search/?q=%c2%85",
        "/search/?q=a%0Ab",  # a query string never needs a line break
    ],
)
def test_control_characters_in_the_address_get_the_japanese_400_page(client, address):
    response = client.get(address)

    assert response.status_code == 400
    assert JAPANESE_PAGE in text(response)
    assert 'lang="ja"' in text(response)


def test_under_en_the_400_page_is_in_english(client):
    response = client.get("/en/verify/OM-2026-%00001/")

    assert response.status_code == 400
    assert ENGLISH_PAGE in text(response)
    assert 'href="/en/"' in text(response)


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_stored(client):
    response = client.post("/privacy/request/", public_request(requester_name="鈴木\x00花子"))

    assert response.status_code == 400
    assert JAPANESE_PAGE in text(response)
    assert PrivacyRequest.objects.count() == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"details\x00": "x"},  # in a field's name
        {"details": "see\x1battached"},  # escape in typed text
        {"requester_id\x00": pdf_upload()},  # in the name an upload is sent under
    ],
    ids=["field name", "typed text", "upload's field name"],
)
def test_control_characters_anywhere_in_a_form_are_refused(client, fields):
    response = client.post("/en/privacy/request/", public_request(**fields))

    assert response.status_code == 400
    assert ENGLISH_PAGE in text(response)
    assert PrivacyRequest.objects.count() == 0


def test_typed_text_may_break_lines_and_hold_tabs(client, processors):
    response = client.post("/en/privacy/request/", public_request(details="first line\r\n\tsecond line"))

    assert response.status_code == 302
    assert PrivacyRequest.objects.get().details == "first line\r\n\tsecond line"


def test_a_cookie_holding_a_nul_is_ignored():
    # Django unquotes "\000" in a quoted cookie to a NUL: a session key PostgreSQL cannot look up.
    request = RequestFactory().get("/", HTTP_COOKIE='sessionid="\\000abcdefgh"; basket=kept')
    middleware = ControlCharacterMiddleware(lambda request: HttpResponse(sorted(request.COOKIES)))

    response = middleware(request)

    assert response.content == b"basket"


def test_the_stripe_webhook_still_reads_its_raw_body_whatever_is_posted(client):
    # A form post must not be parsed before the webhook reads request.body (Django refuses that).
    response = client.post("/payments/stripe/webhook/", {"id": "evt_1"})

    assert response.status_code == 400
    assert response.content == b"Invalid signature."
