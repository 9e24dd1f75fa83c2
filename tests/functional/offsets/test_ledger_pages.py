"""The public ledger's page, CSV and JSON downloads: figures, languages, privacy and query counts."""

import csv
import html
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from offsets.models import CreditBatch
from tests.factories.certificates import certificate_for, paid_order
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
MAX_QUERIES = 12
URLS = ["/en/ledger/", "/en/ledger/batches.csv", "/en/ledger/certificates.csv", "/en/ledger/ledger.json"]


@pytest.fixture
def sales(processors):
    """A project with a batch of 100 t: 3 t certified publicly, 2 t certified privately, 4 t sold."""
    project = OffsetProjectFactory(name="北海道の森", name_en="Hokkaido Forest", slug="hokkaido-forest")
    batch = CreditBatchFactory(project=project, serial_prefix="JP-LEDGER", serial_first=1, serial_last=100)
    public = certificate_for(
        batches=[batch],
        tonnes=3,
        beneficiary_name="公開する株式会社",
        offset_purpose="社用車",
        show_publicly=True,
    )
    private = certificate_for(
        batches=[batch], tonnes=2, beneficiary_name="非公開株式会社", show_publicly=False
    )
    paid_order(batch, 4)
    return {"batch": batch, "public": public, "private": private}


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_page_shows_each_batch_with_its_figures_definitions_and_chart(client, sales):
    response = client.get("/en/ledger/")

    assert response.status_code == 200
    page = text(response)
    assert "Hokkaido Forest" in page and "JP-LEDGER 1–100" in page
    row = page[page.index(f'id="batch-{sales["batch"].pk}"') :].split("</tr>")[0]
    cells = [cell.split(">")[-1] for cell in row.split("</td>")[2:8]]
    assert cells == ["100", "9", "5", "5", "0", "91"]
    assert "In all: 100 t issued, 9 t sold, 5 t retired, 5 t certified, 91 t available." in page
    # What each column means is on the page.
    assert "Serials allocated to paid orders." in page and "A reissued certificate counts once" in page
    # The chart: server-drawn SVG with a title and description, and the table it is drawn from.
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="ledger-chart" id="chart-hokkaido-forest"' in page
    assert '<title id="chart-hokkaido-forest-title">Hokkaido Forest: tonnes issued, sold and retired' in page
    assert "9 t sold, 5 t retired.</desc>" in page
    assert "The chart's figures as a table" in page
    # Certificates: the serials and the retirement; a name only where the buyer opted in.
    assert sales["public"].number in page and sales["private"].number in page
    assert "公開する株式会社" in page
    assert "非公開株式会社" not in page
    assert "JCR-2026-0001" in page
    # Linked from the footer.
    assert 'id="footer-ledger"' in page


def test_the_page_is_japanese_unprefixed(client, sales):
    response = client.get("/ledger/")

    page = text(response)
    assert response.status_code == 200
    assert "クレジットの公開台帳" in page and "販売済み" in page and "証明書発行済み" in page
    assert "北海道の森" in page
    assert "合計：発行100 t、販売済み9 t、無効化済み5 t、証明書発行済み5 t、販売可能91 t。" in page
    assert 'href="/ledger/batches.csv"' in page


def test_the_verification_page_links_the_ledger(client, sales):
    page = text(client.get(f"/en/verify/{sales['public'].number}/"))

    assert 'id="verify-ledger-link"' in page and 'href="/en/ledger/"' in page


def test_the_batches_csv_has_a_header_row_and_a_bom_for_excel(client, sales):
    response = client.get("/ledger/batches.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows == [
        {
            "project": "北海道の森",
            "project_en": "Hokkaido Forest",
            "registry": "j-credit",
            "registry_project_id": sales["batch"].project.registry_project_id,
            "batch_id": str(sales["batch"].pk),
            "vintage": "2023",
            "serial_prefix": "JP-LEDGER",
            "serial_first": "1",
            "serial_last": "100",
            "issued": "100",
            "sold": "9",
            "retired": "5",
            "certified": "5",
            "held": "0",
            "available": "91",
        }
    ]


def test_the_certificates_csv_lists_each_range_and_names_only_opted_in_beneficiaries(client, sales):
    body = client.get("/en/ledger/certificates.csv").content.decode("utf-8").lstrip("\ufeff")

    rows = {row["certificate_number"]: row for row in csv.DictReader(io.StringIO(body))}
    assert set(rows) == {sales["public"].number, sales["private"].number}
    public = rows[sales["public"].number]
    assert (public["beneficiary_name"], public["offset_purpose"]) == ("公開する株式会社", "社用車")
    assert (public["serial_prefix"], public["serial_first"], public["serial_last"]) == ("JP-LEDGER", "1", "3")
    assert (public["tonnes"], public["registry_reference"], public["status"]) == (
        "3",
        "JCR-2026-0001",
        "valid",
    )
    assert rows[sales["private"].number]["beneficiary_name"] == ""


def test_the_json_holds_projects_batches_months_and_certificates(client, sales):
    response = client.get("/ledger/ledger.json")

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["unit"] == "t-CO2"
    assert document["totals"] == {
        "issued": 100, "sold": 9, "retired": 5, "certified": 5, "held": 0, "available": 91
    }  # fmt: skip
    [project] = document["projects"]
    assert project["slug"] == "hokkaido-forest" and project["name"] == "北海道の森"
    [batch] = project["batches"]
    assert (batch["id"], batch["serial_first"], batch["serial_last"], batch["sold"]) == (
        sales["batch"].pk, 1, 100, 9
    )  # fmt: skip
    assert project["months"][-1] | {"month": None} == {"month": None, "issued": 100, "sold": 9, "retired": 5}
    certificates = {entry["number"]: entry for entry in document["certificates"]}
    assert certificates[sales["private"].number]["beneficiary_name"] is None
    assert certificates[sales["public"].number]["ranges"] == [
        {
            "serial_prefix": "JP-LEDGER",
            "serial_first": 1,
            "serial_last": 3,
            "tonnes": 3,
            "registry_reference": "JCR-2026-0001",
            "retired_on": certificates[sales["public"].number]["ranges"][0]["retired_on"],
            "batch_id": sales["batch"].pk,
        }
    ]


def test_a_full_page_of_certificates_says_the_downloads_hold_the_rest(client, sales, monkeypatch):
    monkeypatch.setattr("offsets.ledger.PAGE_CERTIFICATES", 1)

    page = text(client.get("/en/ledger/"))

    newest = max(sales["public"], sales["private"], key=lambda certificate: certificate.pk)
    oldest = min(sales["public"], sales["private"], key=lambda certificate: certificate.pk)
    assert newest.number in page and oldest.number not in page
    assert "The newest 1 of 2 certificates are listed; the downloads list all of them." in page
    body = client.get("/en/ledger/certificates.csv").content.decode("utf-8")
    assert newest.number in body and oldest.number in body


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_ledger_only_answers_reads(client, method):
    assert getattr(client, method)("/en/ledger/").status_code == 405


def bulk_batches(count: int, *, start: int) -> None:
    """``count`` batches (with their products) in a handful of inserts, spread over 20 projects."""
    projects = [OffsetProjectFactory() for _ in range(20)]
    product_class = CreditBatch.objects.first().product.product_class
    products = Product.objects.bulk_create(
        Product(product_class=product_class, title=f"Bulk batch {n}", slug=f"bulk-batch-{n}")
        for n in range(start, start + count)
    )
    CreditBatch.objects.bulk_create(
        CreditBatch(
            project=projects[n % len(projects)],
            product=product,
            vintage=2020 + n % 5,
            serial_prefix=f"BULK-{n:05d}",
            serial_first=1,
            serial_last=1000,
            price_per_tonne=3300,
        )
        for n, product in enumerate(products, start=start)
    )


def queries_for(client, url: str) -> int:
    cache.clear()  # the page as rendered, not as kept for the next visitor (shop/page_cache.py)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_and_downloads_make_the_same_few_queries_at_10_and_1000_batches(client, sales):
    bulk_batches(9, start=0)
    assert CreditBatch.objects.count() == 10
    few = {url: queries_for(client, url) for url in URLS}

    bulk_batches(990, start=100)
    assert CreditBatch.objects.count() == 1000
    many = {url: queries_for(client, url) for url in URLS}

    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many
    page = text(client.get("/en/ledger/"))
    # Every project has its chart: the sales' one, 9 of the first 20 bulk projects, all 20 others.
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="ledger-chart"') == 30
    assert json.loads(client.get("/ledger/ledger.json").content)["totals"]["issued"] == 100 + 999 * 1000
