"""The issued certificate states its project's quality disclosure and a contribution, never neutrality."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from offsets import services
from offsets.claims import CLAIM_PHRASES, claim_phrases_found
from offsets.demo.disclosures import DEMO_DISCLOSURES
from offsets.models import Certificate
from tests.factories.certificates import paid_order, retire
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued_pdf_text(processors, django_capture_on_commit_callbacks):
    """The text of the PDF issued for a retired order of a demo-disclosed blue-carbon project."""
    project = OffsetProjectFactory(
        offset_type="removal", category="blue-carbon", **DEMO_DISCLOSURES["mekong-mangrove-restoration"]
    )
    order = paid_order(CreditBatchFactory(project=project, serial_prefix="VCS-Q"), 2)
    retire(order)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(order=order, requested_by=None)
    with default_storage.open(Certificate.objects.get(pk=certificate.pk).pdf.name) as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_certificate_states_the_quality_disclosure_in_both_languages(issued_pdf_text):
    text = squashed(issued_pdf_text)
    mangrove = DEMO_DISCLOSURES["mekong-mangrove-restoration"]

    for expected in [
        "除去・削減 / Removal / avoidance",
        "吸収・除去",
        "Removal",
        mangrove["verification_body"],
        mangrove["verification_body_en"],
        "2024-11-08",
        "2020-01-01 – 2023-12-31",
        mangrove["additionality"],
        mangrove["additionality_en"],
        mangrove["permanence"],
        "バッファープール：発行量の15%",
        "buffer pool: 15% of credits issued",
        "1, 13, 14, 15",
        "CCPラベルなし",
        "Not CCP-labelled",
        "適用なし",
        "Not applied",
        "/guide/claims/",
    ]:
        assert squashed(expected) in text, expected


def test_the_certificate_wording_claims_a_contribution_and_no_neutrality(issued_pdf_text):
    # the buyer's purpose ("社用車の排出") is neutral: anything found would be the certificate's own words
    assert claim_phrases_found(text=issued_pdf_text) == []
    assert claim_phrases_found(text=squashed(issued_pdf_text)) == []
    assert "貢献" in issued_pdf_text and "contribution" in issued_pdf_text


def test_the_phrase_check_would_catch_a_neutrality_claim_in_the_pdf_text(issued_pdf_text):
    """The check above reads the real PDF text: a claim printed on it would be found."""
    for phrase in CLAIM_PHRASES:
        assert claim_phrases_found(text=issued_pdf_text + phrase) != [], phrase
