"""A staging shop says so on every page and response; production says nothing of the kind.

shop/settings/staging.py sets STAGING and puts StagingMiddleware first; the
settings tests (tests/integration/shop/test_settings.py) check that it does, and
that production does neither. These run the pages under both.
"""

import html

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

STAGING_BANNER = {"ja": "ステージング環境：実際の決済は行われません", "en": "Staging: no real payments"}
STOREFRONT = ["/", "/catalogue/", "/basket/", "/accounts/login/", "/en/", "/en/basket/"]
SIGNED_OUT_STAFF_PAGES = ["/admin/login/", "/en/admin/login/", "/dashboard/login/"]
STAFF_PAGES = ["/dashboard/", "/en/dashboard/", "/admin/", "/admin/legal/processor/", "/en/admin/"]


@pytest.fixture
def staging(settings):
    settings.STAGING = True
    settings.MIDDLEWARE = ["shop.middleware.StagingMiddleware", *settings.MIDDLEWARE]


def banner_of(response) -> str:
    return STAGING_BANNER["en" if response.wsgi_request.path.startswith("/en/") else "ja"]


def test_every_storefront_and_sign_in_page_of_a_staging_shop_shows_the_banner_and_the_header(client, staging):
    for path in STOREFRONT + SIGNED_OUT_STAFF_PAGES:
        response = client.get(path)

        assert response.status_code == 200, path
        assert banner_of(response) in html.unescape(response.content.decode()), path
        assert response.headers["X-Offset-Mart-Environment"] == "staging", path
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow", path


def test_every_dashboard_and_admin_page_of_a_staging_shop_shows_the_banner(staff_client, staging):
    for path in STAFF_PAGES:
        response = staff_client.get(path)

        assert response.status_code == 200, path
        assert banner_of(response) in html.unescape(response.content.decode()), path
        assert response.headers["X-Offset-Mart-Environment"] == "staging", path


def test_redirects_and_missing_pages_of_a_staging_shop_carry_the_header(client, staging):
    for path, status in [("/dashboard/", 302), ("/no-such-page/", 404)]:
        response = client.get(path)

        assert response.status_code == status
        assert response.headers["X-Offset-Mart-Environment"] == "staging"


def test_the_real_shop_shows_no_staging_banner_or_header(staff_client):
    visitor = Client()  # staff_client is the test's own client, signed in
    responses = [visitor.get(path) for path in STOREFRONT + SIGNED_OUT_STAFF_PAGES]
    responses += [staff_client.get(path) for path in STAFF_PAGES]

    for response in responses:
        path = response.wsgi_request.path

        assert response.status_code == 200, path
        page = html.unescape(response.content.decode())
        assert not any(banner in page for banner in STAGING_BANNER.values()), path
        assert "staging-banner" not in page, path
        assert "X-Offset-Mart-Environment" not in response.headers, path
        assert "X-Robots-Tag" not in response.headers, path
