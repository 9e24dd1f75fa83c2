"""Home, catalogue and product pages answer in Japanese (unprefixed) and English (/en/)."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    project = OffsetProjectFactory(
        name="北の森 間伐プロジェクト",
        name_en="Kita-no-Mori Thinning Project",
        location="北海道上川郡",
        location_en="Kamikawa District, Hokkaido",
        description="町有林で計画的な間伐を続けています。",
        description_en="The town forest is thinned on a fixed plan.",
    )
    return CreditBatchFactory(
        project=project,
        vintage=2023,
        serial_prefix="JP-FO-0101",
        serial_first=1,
        serial_last=5000,
        price_per_tonne=3300,
    )


def product_url(batch, language):
    with translation.override(language):
        return batch.product.get_absolute_url()


def test_home_page_in_japanese_by_default(client, batch):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja"' in page
    assert "検証済みのカーボン・クレジットで、排出量をオフセット" in page
    assert "北の森 間伐プロジェクト" in page
    assert "¥3,300（税込）" in page


def test_home_page_in_english(client, batch):
    response = client.get("/en/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in page
    assert "Offset your emissions with verified carbon credits" in page
    assert "Kita-no-Mori Thinning Project" in page
    assert "北の森" not in page
    assert "¥3,300 (tax incl.)" in page


def test_catalogue_lists_batches_in_each_language(client, batch):
    japanese = client.get("/catalogue/").content.decode()
    english = client.get("/en/catalogue/").content.decode()

    assert "北の森 間伐プロジェクト（2023年度）" in japanese
    assert "1</strong> 件のクレジットバッチを販売中" in japanese
    assert "Kita-no-Mori Thinning Project — 2023 vintage" in english
    assert "credit batch on sale" in english
    assert "北の森" not in english


def test_product_page_shows_the_credit_facts_in_japanese(client, batch):
    response = client.get(product_url(batch, "ja"))

    page = response.content.decode()
    assert response.status_code == 200
    for text in [
        "<h1>北の森 間伐プロジェクト（2023年度）</h1>",
        "¥3,300（税込）",
        "販売可能 5,000 t-CO2",
        "J-クレジット制度",  # registry
        "FO-001 森林経営活動",  # methodology
        "2023",  # vintage
        "北海道上川郡",  # location
        "吸収・除去",  # removal
        "JP-FO-0101 1–5000",  # serial range
        "町有林で計画的な間伐を続けています。",
    ]:
        assert text in page, text


def test_product_page_shows_the_credit_facts_in_english(client, batch):
    response = client.get(product_url(batch, "en"))

    page = response.content.decode()
    assert response.status_code == 200
    assert product_url(batch, "en").startswith("/en/catalogue/")
    for text in [
        "<h1>Kita-no-Mori Thinning Project — 2023 vintage</h1>",
        "¥3,300 (tax incl.)",
        "5,000 t-CO2 available",
        "J-Credit Scheme",
        "FO-001 Forest management activities",
        "Kamikawa District, Hokkaido",
        "Removal",
        "The town forest is thinned on a fixed plan.",
    ]:
        assert text in page, text
    assert "北の森" not in page


def test_a_sold_out_batch_says_so(client, batch):
    batch.product.stockrecords.update(num_in_stock=0)

    page = client.get(product_url(batch, "en")).content.decode()

    assert "Sold out" in page


@pytest.mark.parametrize(
    ("path", "switch_to"),
    [
        ("/", 'href="/en/"'),
        ("/en/", 'href="/"'),
        ("/catalogue/", 'href="/en/catalogue/"'),
        ("/en/catalogue/", 'href="/catalogue/"'),
        ("/basket/", 'href="/en/basket/"'),
        ("/accounts/login/", 'href="/en/accounts/login/"'),
    ],
)
def test_every_page_links_to_itself_in_the_other_language(client, path, switch_to):
    response = client.get(path)

    assert response.status_code == 200
    assert switch_to in response.content.decode()


def test_language_switch_on_a_product_page(client, batch):
    page = client.get(product_url(batch, "ja")).content.decode()

    assert f'href="{product_url(batch, "en")}"' in page


def test_health_endpoint_is_language_free(client):
    assert client.get("/healthz/").json()["status"] == "ok"
    assert client.get("/en/healthz/").status_code == 404


def test_an_invalid_catalogue_page_redirects_with_a_message(client, batch):
    response = client.get("/catalogue/?page=99")

    assert response.status_code == 302
    assert response.url == reverse("catalogue:index")


def test_an_unknown_product_is_404(client):
    assert client.get("/catalogue/nothing_99999/").status_code == 404


def test_the_site_icon_is_served_at_the_root_without_setting_a_cookie(client):
    # A 404 here rendered the shop's page (with its cookie banner form) for a visitor without a
    # CSRF cookie, set a new one, and broke the login form the browser had just loaded with it.
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert not response.cookies


@pytest.mark.parametrize(("prefix", "more"), [("", "ほか2件のバッチ"), ("/en", "and 2 more batches")])
def test_home_lists_a_project_s_three_newest_batches_on_sale_and_links_to_the_rest(client, prefix, more):
    project = OffsetProjectFactory(name="南の海 藻場再生", name_en="Southern Seagrass Restoration")
    batches = {vintage: CreditBatchFactory(project=project, vintage=vintage) for vintage in range(2018, 2024)}
    batches[2023].product.is_public = False  # not on sale
    batches[2023].product.save()

    language = "en" if prefix else "ja"
    page = client.get(f"{prefix}/").content.decode()

    links = {vintage: f'href="{product_url(batch, language)}"' for vintage, batch in batches.items()}
    listed = [vintage for vintage, link in links.items() if link in page]
    assert listed == [2020, 2021, 2022]
    assert more in page
    search = re.search(r'class="more-batches" href="([^"]+)"', page).group(1)
    results = client.get(html.unescape(search)).content.decode()
    assert f'href="{product_url(batches[2018], language)}"' in results
