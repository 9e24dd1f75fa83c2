"""Storefront pages from the cache (shop/page_cache.py): fast for visitors who bring nothing of their
own, never sharing what is one visitor's, never showing a number a change or an expired hold made wrong.
"""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation
from oscar.core.loading import get_model

from offsets import services
from tests.factories.certificates import paid_order
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.pages import assert_served_from_the_cache, page_of, queries_for

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
NONCE = re.compile(r'<script nonce="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def batch():
    project = OffsetProjectFactory(name="北の森", name_en="Northern Forest", slug="northern-forest")
    return CreditBatchFactory(project=project, serial_prefix="JP-CACHE", serial_first=1, serial_last=500)


def product_url(batch, language: str = "en") -> str:
    with translation.override(language):
        return batch.product.get_absolute_url()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_second_visitor_gets_home_catalogue_and_product_pages_from_the_cache(batch, language):
    prefix = "" if language == "ja" else "/en"
    for url in (f"{prefix}/", f"{prefix}/catalogue/", product_url(batch, language)):
        assert_served_from_the_cache(url)


def test_each_visitor_gets_their_own_csrf_token_and_it_works(batch):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    url = product_url(batch)

    first_token = CSRF.search(page_of(first, url)).group(1)
    second_token = CSRF.search(page_of(second, url)).group(1)  # from the cache

    assert first_token != second_token
    refused = second.post(
        f"/en/basket/add/{batch.product.pk}/", {"quantity": 1, "csrfmiddlewaretoken": first_token}
    )
    assert refused.status_code == 403
    added = second.post(
        f"/en/basket/add/{batch.product.pk}/", {"quantity": 1, "csrfmiddlewaretoken": second_token}
    )
    assert added.status_code == 302
    assert Basket.objects.get().num_items == 1


def test_each_response_carries_its_own_nonce_matching_its_policy(batch):
    url = product_url(batch)
    responses = [Client().get(url) for _ in range(2)]  # the second from the cache

    nonces = []
    for response in responses:
        page_nonces = set(NONCE.findall(response.content.decode()))
        assert len(page_nonces) == 1
        nonce = page_nonces.pop()
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_basket_and_its_messages_are_never_shared(batch):
    url = product_url(batch)
    shopper, visitor = Client(), Client()
    page_of(visitor, url)  # the page is in the cache
    shopper.post(f"/en/basket/add/{batch.product.pk}/", {"quantity": 2})

    shopper_page = page_of(shopper, url)
    visitor_page = page_of(visitor, url)

    assert "¥6,600" in shopper_page  # the header's basket total
    assert 'class="alert' in shopper_page  # "added to your basket"
    assert "¥6,600" not in visitor_page
    assert 'class="alert' not in visitor_page
    assert "¥6,600" not in page_of(Client(), url)


def test_the_cookie_banner_follows_each_visitors_choice(batch):
    url = product_url(batch)
    chosen, undecided = Client(), Client()
    chosen.post("/en/legal/cookies/consent/", {"choice": "necessary", "next": "/"})

    assert 'id="cookie-banner"' not in page_of(chosen, url)
    assert 'id="cookie-banner"' in page_of(undecided, url)
    assert 'id="cookie-banner"' not in page_of(chosen, url)
    assert 'id="cookie-banner"' in page_of(Client(), url)


def test_each_language_gets_its_own_page(batch):
    japanese, english = product_url(batch, "ja"), product_url(batch, "en")
    page_of(Client(), japanese)

    assert "Northern Forest" in page_of(Client(), english)
    assert "北の森" not in page_of(Client(), english)
    assert "北の森" in page_of(Client(), japanese)
    assert '<html lang="en"' in page_of(Client(), "/en/") and '<html lang="ja"' in page_of(Client(), "/")


def test_a_members_page_is_theirs_and_never_shared(batch, django_user_model):
    url = product_url(batch)
    member = Client()
    user = django_user_model.objects.create_user(
        username="hanako", email="hanako@example.jp", password="pw-123456!"
    )
    member.force_login(user)
    page_of(Client(), url)  # the page is in the cache

    member_page = page_of(member, url)
    visitor_page = page_of(Client(), url)

    assert "/en/accounts/logout/" in member_page
    assert "/en/accounts/logout/" not in visitor_page
    assert "/en/accounts/login/" in visitor_page


def test_tonnes_left_are_right_at_once_after_a_sale(batch, django_capture_on_commit_callbacks):
    url = product_url(batch)
    assert "500 t-CO2 available" in page_of(Client(), url)

    with django_capture_on_commit_callbacks(execute=True):
        paid_order(batch, 5)

    assert "495 t-CO2 available" in page_of(Client(), url)
    assert "495 t-CO2 available" in page_of(Client(), "/en/catalogue/")


def test_cached_tonnes_never_outlive_the_next_hold_expiry(batch, settings):
    settings.STOREFRONT_CACHE_SECONDS = 24 * 60 * 60
    url = product_url(batch)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        services.tonnes_reserve(basket_id=1, tonnes_by_batch={batch.pk: 7})
        hold_ends = timezone.now() + datetime.timedelta(minutes=settings.OFFSETS_RESERVATION_MINUTES)
        assert "493 t-CO2 available" in page_of(Client(), url)

        traveller.move_to(hold_ends - datetime.timedelta(seconds=2))
        assert queries_for(Client(), url) == 0  # still the cached page: the hold still counts
        traveller.move_to(hold_ends + datetime.timedelta(seconds=1))

        assert "500 t-CO2 available" in page_of(Client(), url)


def test_a_visitor_who_allowed_preference_cookies_gets_the_recently_viewed_cookie_on_a_cached_page(batch):
    url = product_url(batch)
    page_of(Client(), url)  # the page is in the cache
    visitor = Client()
    visitor.post("/en/legal/cookies/consent/", {"choice": "all", "next": "/"})

    response = visitor.get(url)

    assert response.status_code == 200
    assert "oscar_history" in response.cookies


def test_pages_still_answer_while_the_cache_is_down(batch, settings):
    url = product_url(batch)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }

    for address in (url, "/en/", "/en/catalogue/"):
        assert Client().get(address).status_code == 200, address
