"""Reading the storefront writes nothing: anonymous GETs issue no INSERT, UPDATE or DELETE.

A write per read serialises readers on the rows they write (Oscar's view counter did,
on every product page) and fails outright on SQLite under load. Product views are
counted in the cache instead (``shop/apps/analytics``), and no page gives a visitor a
session row just for reading: the basket, the cookie banner and the language live in
cookies and the address.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from oscar.core.loading import get_model

from shop.apps.analytics.services import product_views_fold
from tests.factories.calculator import EmissionFactorFactory
from tests.factories.certificates import certificate_for
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductRecord = get_model("analytics", "ProductRecord")
Session = get_model("sessions", "Session")

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|TRUNCATE|CREATE|ALTER|DROP)\b", re.IGNORECASE)
LEGAL_KINDS = ["terms", "privacy", "disclaimer", "governing-law", "site-policy", "cookies", "tokushoho"]


@pytest.fixture
def storefront(processors):
    """A shop with legal texts, a categorised batch, an issued certificate and an emission factor."""
    call_command("load_legal_demo", verbosity=0)
    project = OffsetProjectFactory(name="北の森", name_en="Northern Forest", slug="northern-forest")
    batch = CreditBatchFactory(project=project, serial_prefix="JP-READ", serial_first=1, serial_last=500)
    category = Category.add_root(name="森林", slug="forest")
    ProductCategory.objects.create(product=batch.product, category=category)
    certificate = certificate_for(batches=[batch], tonnes=3, show_publicly=True)
    EmissionFactorFactory(value=Decimal("0.434"), is_demo=True, valid_from=datetime.date(2024, 4, 1))
    return {"batch": batch, "category": category, "certificate": certificate}


def storefront_pages(storefront, language: str) -> list[str]:
    """Every page an anonymous visitor reads, in ``language``."""
    prefix = "" if language == "ja" else "/en"
    with translation.override(language):
        product = storefront["batch"].product.get_absolute_url()
        category = storefront["category"].get_absolute_url()
    number = storefront["certificate"].number
    return [
        f"{prefix}/",
        f"{prefix}/catalogue/",
        category,
        product,
        f"{prefix}/search/?q=forest",
        f"{prefix}/offers/",
        f"{prefix}/basket/",
        f"{prefix}/ledger/",
        f"{prefix}/ledger/batches.csv",
        f"{prefix}/ledger/certificates.csv",
        f"{prefix}/ledger/ledger.json",
        f"{prefix}/calculator/",
        f"{prefix}/calculator/?fiscal_year=2025&electricity_kwh=4200",
        f"{prefix}/verify/",
        f"{prefix}/verify/?number={number}",
        f"{prefix}/verify/{number}/",
        f"{prefix}/guide/claims/",
        *(f"{prefix}/legal/{kind}/" for kind in LEGAL_KINDS),
        f"{prefix}/legal/terms/history/",
        f"{prefix}/legal/cookies/consent/",
        f"{prefix}/privacy/request/",
        f"{prefix}/accounts/login/",
        f"{prefix}/catalogue/no-such-batch_999999/",  # the 404 page
    ]


def writes_of(client, urls: list[str]) -> dict[str, list[str]]:
    """The write statements each GET issued, by URL (only URLs that wrote)."""
    writes = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 302, 404), (url, response.status_code)
        if written := [query["sql"] for query in queries if WRITE.match(query["sql"])]:
            writes[url] = written
    return writes


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_new_visitor_reading_every_page_writes_nothing_and_gets_no_session(client, storefront, language):
    pages = storefront_pages(storefront, language)

    assert writes_of(client, pages) == {}
    assert "sessionid" not in client.cookies
    assert not Session.objects.exists()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_returning_guest_with_a_basket_and_a_cookie_choice_reading_every_page_writes_nothing(
    client, storefront, language
):
    # Given a guest who chose cookies (preferences allowed: the recently-viewed cookie is set)
    # and put tonnes in the basket: those posts write, as they must.
    client.post("/legal/cookies/consent/", {"choice": "all", "next": "/"})
    client.post(f"/basket/add/{storefront['batch'].product.pk}/", {"quantity": 2})
    assert "cookie_consent" in client.cookies
    sessions_before = Session.objects.count()

    pages = storefront_pages(storefront, language)

    assert writes_of(client, pages) == {}
    assert Session.objects.count() == sessions_before


def test_product_views_are_counted_in_the_cache_and_folded_into_the_analytics_rows(client, storefront):
    product = storefront["batch"].product
    with translation.override("ja"):
        url = product.get_absolute_url()

    for _view in range(3):
        client.get(url)
    client.get(f"/en{url}")

    assert not ProductRecord.objects.filter(product=product, num_views__gt=0).exists()
    assert product_views_fold() == 4
    assert ProductRecord.objects.get(product=product).num_views == 4
    # Folded views are not folded again; views after the fold are added to the row.
    assert product_views_fold() == 0
    client.get(url)
    assert product_views_fold() == 1
    assert ProductRecord.objects.get(product=product).num_views == 5


def test_views_counted_while_a_fold_runs_wait_for_the_next_one(client, storefront):
    product = storefront["batch"].product
    with translation.override("ja"):
        url = product.get_absolute_url()
    client.get(url)
    key = f"analytics:product-views:{product.pk}"

    # A view counted between the fold's read and its decrement is kept for the next fold.
    from shop.apps.analytics import services

    read = services.product_views_pending()
    cache.incr(key)
    for product_id, views in read.items():
        cache.decr(services.VIEWS_KEY.format(product_id=product_id), views)

    assert cache.get(key) == 1
