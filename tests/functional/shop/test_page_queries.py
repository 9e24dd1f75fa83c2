"""The storefront pages make the same few queries whether 10 or 1,000 batches are on sale.

One query per batch (or per project) would make a page slower with every batch staff add;
each page reads its lists with a fixed number of queries instead.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from oscar.core.loading import get_model

from offsets.models import CreditBatch
from tests.factories.calculator import EmissionFactorFactory
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory, credit_batches_bulk

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
MAX_QUERIES = 12
ESTIMATE = "fiscal_year=2025&electricity_kwh=4200"


@pytest.fixture
def first_batch():
    """The batch whose product and category pages are measured, in a category with the others."""
    project = OffsetProjectFactory(name="北の森", name_en="Northern Forest", slug="northern-forest")
    batch = CreditBatchFactory(project=project, serial_prefix="JP-QUERIES", serial_first=1, serial_last=500)
    category = Category.add_root(name="森林", slug="forest")
    ProductCategory.objects.create(product=batch.product, category=category)
    EmissionFactorFactory(value=Decimal("0.434"), is_demo=True, valid_from=datetime.date(2024, 4, 1))
    return batch


def pages(batch) -> dict[str, str]:
    category = Category.objects.get(slug="forest")
    urls = {}
    for language, prefix in (("ja", ""), ("en", "/en")):
        with translation.override(language):
            urls |= {
                f"home {language}": f"{prefix}/",
                f"catalogue {language}": f"{prefix}/catalogue/",
                f"product {language}": batch.product.get_absolute_url(),
                f"category {language}": category.get_absolute_url(),
                f"ledger {language}": f"{prefix}/ledger/",
                f"calculator {language}": f"{prefix}/calculator/",
                f"calculator result {language}": f"{prefix}/calculator/?{ESTIMATE}",
            }
    return urls


def queries_of(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        cache.clear()  # the page as rendered, not as kept for the next visitor (shop/page_cache.py)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


def in_category(batches) -> None:
    category = Category.objects.get(slug="forest")
    ProductCategory.objects.bulk_create(
        ProductCategory(product_id=batch.product_id, category=category) for batch in batches
    )


def test_storefront_pages_make_the_same_few_queries_at_10_and_1000_batches(client, first_batch):
    in_category(credit_batches_bulk(9, start=0))
    assert CreditBatch.objects.count() == 10
    urls = pages(first_batch)
    few = queries_of(client, urls)

    in_category(credit_batches_bulk(990, start=1000))
    assert CreditBatch.objects.count() == 1000
    many = queries_of(client, urls)

    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many
