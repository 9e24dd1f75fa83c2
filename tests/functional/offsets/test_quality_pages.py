"""The project quality disclosure on the product page, and the claims guide, in both languages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from offsets.claims import CLAIM_PHRASES_EN, CLAIM_PHRASES_JA
from offsets.models import CcpLabel, CorrespondingAdjustment, OffsetType, ProjectCategory, Registry
from tests.factories.certificates import certificate_for
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    project = OffsetProjectFactory(
        registry=Registry.VERRA,
        methodology="VM0033 潮間帯湿地の再生",
        methodology_en="VM0033 Tidal wetland restoration",
        offset_type=OffsetType.REMOVAL,
        category=ProjectCategory.BLUE_CARBON,
        verification_body="みなと検証センター",
        verification_body_en="Minato Verification Centre",
        verified_on=datetime.date(2024, 11, 8),
        monitoring_period_start=datetime.date(2020, 1, 1),
        monitoring_period_end=datetime.date(2023, 12, 31),
        additionality="養殖池だった土地で、収益がなければ再生は進みません。",
        additionality_en="The land was fish ponds; without the revenue it would not be restored.",
        permanence="高潮で炭素が失われるおそれがあります。",
        permanence_en="Storms could release the carbon.",
        buffer_pool_percent=15,
        sdg_goals="1, 14, 15",
        ccp_label=CcpLabel.LABELLED,
        corresponding_adjustment=CorrespondingAdjustment.APPLIED,
    )
    return CreditBatchFactory(project=project)


def product_page(client, batch, language):
    with translation.override(language):
        url = batch.product.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_product_page_discloses_the_project_quality_in_japanese(client, batch):
    page = product_page(client, batch, "ja")

    for text in [
        "プロジェクトの品質",
        "Verra（VCS）",  # the standard…
        "VM0033 潮間帯湿地の再生",  # …and the methodology
        "みなと検証センター (2024年11月8日)",
        "2020年1月1日 – 2023年12月31日",
        "養殖池だった土地で、収益がなければ再生は進みません。",
        "高潮で炭素が失われるおそれがあります。",
        "バッファープール：反転に備えて発行量の15%が留保されています。",
        "SDG 1",
        "SDG 14",
        "SDG 15",
        "CCPラベルあり",
        "適用あり（6条に基づく承認済み）",
        "吸収・除去",
        'href="/guide/claims/"',
    ]:
        assert text in page, text
    assert "Minato Verification Centre" not in page


def test_the_product_page_discloses_the_project_quality_in_english(client, batch):
    page = product_page(client, batch, "en")

    for text in [
        "Project quality",
        "VM0033 Tidal wetland restoration",
        "Minato Verification Centre (Nov. 8, 2024)",
        "The land was fish ponds; without the revenue it would not be restored.",
        "Storms could release the carbon.",
        "Buffer pool: 15% of the credits issued are set aside against reversals.",
        "CCP-labelled",
        "Applied (authorised under Article 6)",
        "Removal",
        'href="/en/guide/claims/"',
    ]:
        assert text in page, text
    assert "みなと検証センター" not in page


def test_the_disclosure_adds_no_query_to_the_product_page(client, batch):
    bare = CreditBatchFactory(project=OffsetProjectFactory(buffer_pool_percent=None, sdg_goals=""))
    product_page(client, bare, "en")  # warm caches (site, product class, …)
    product_page(client, batch, "en")

    with CaptureQueriesContext(connection) as without_extras:
        product_page(client, bare, "en")
    with CaptureQueriesContext(connection) as with_everything:
        product_page(client, batch, "en")

    assert len(with_everything) == len(without_extras)


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        (
            "/guide/claims/",
            [
                "証明書について言えること・言えないこと",
                "無効化に資金を拠出しました",
                "景品表示法",
                "2024/825",
                "2026年9月27日",
            ],
        ),
        (
            "/en/guide/claims/",
            [
                "What you may say about your certificate",
                "we funded the retirement of",
                "Act against Unjustifiable Premiums and Misleading Representations",
                "Directive (EU) 2024/825",
                "27 September 2026",
            ],
        ),
    ],
)
def test_the_claims_guide_answers_in_each_language_and_lists_the_phrases(client, url, texts):
    response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    for text in texts:
        assert text.casefold() in page.casefold(), text
    for phrase in CLAIM_PHRASES_JA + CLAIM_PHRASES_EN:
        assert f"<li>{phrase}</li>" in page, phrase


@pytest.mark.parametrize(("home", "guide"), [("/", "/guide/claims/"), ("/en/", "/en/guide/claims/")])
def test_every_page_footer_links_to_the_guide(client, home, guide):
    assert f'href="{guide}" id="footer-claims-guide"' in client.get(home).content.decode()


@pytest.mark.parametrize(
    ("prefix", "note"),
    [
        ("", "受益者自身の排出量について述べるものではありません"),
        ("/en", "It makes no statement about the beneficiary's own emissions."),
    ],
)
def test_the_verification_page_states_a_contribution_and_links_the_guide(client, processors, prefix, note):
    certificate = certificate_for()

    page = client.get(f"{prefix}/verify/{certificate.number}/").content.decode()

    assert note in page
    assert f'href="{prefix}/guide/claims/" class="claims-guide-link"' in page
