"""A certificate's public verification page: its state, what it retired, and whose only with its token."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from offsets import services
from tests.factories.certificates import (
    BENEFICIARY_NAME,
    OFFSET_PURPOSE,
    certificate_for,
    certificate_reissued,
    retired_order,
)
from tests.factories.offsets import CreditBatchFactory

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex">'


@pytest.fixture
def certificate(processors):
    return certificate_for()


def page(client, number: str, *, token: str | None = None, english: bool = True):
    prefix = "/en" if english else ""
    query = f"?t={token}" if token is not None else ""
    response = client.get(f"{prefix}/verify/{number}/{query}")
    return response, html.unescape(response.content.decode())


def test_a_valid_certificate_shows_what_it_retired_but_not_whose_it_is(client, certificate):
    serial_range = certificate.serial_ranges.get()
    project = serial_range.retirement.allocation.batch.project

    response, text = page(client, certificate.number)

    assert response.status_code == 200
    assert "This certificate is valid." in text
    assert certificate.number in text
    assert "3 t-CO2" in text
    assert project.name_en in text
    assert "J-Credit Scheme" in text and project.registry_url in text
    assert project.registry_project_id in text
    assert project.methodology_en in text
    assert "2023" in text
    assert f"{serial_range.serial_prefix} 1–3" in text
    assert "JCR-2026-0001" in text
    assert BENEFICIARY_NAME not in text
    assert OFFSET_PURPOSE not in text
    assert NOINDEX in text


def test_the_token_from_the_certificate_shows_the_beneficiary_and_purpose(client, certificate):
    response, text = page(client, certificate.number, token=certificate.token)

    assert response.status_code == 200
    assert BENEFICIARY_NAME in text
    assert OFFSET_PURPOSE in text


@pytest.mark.parametrize("token", ["", "wrong-token", "x" * 32, "トークン"])
def test_a_wrong_token_shows_the_page_without_personal_details(client, certificate, token):
    response, text = page(client, certificate.number, token=token)

    assert response.status_code == 200
    assert "This certificate is valid." in text
    assert BENEFICIARY_NAME not in text
    assert OFFSET_PURPOSE not in text


def test_a_buyer_who_chose_to_list_them_shows_beneficiary_and_purpose_to_everyone(client, processors):
    certificate = certificate_for(show_publicly=True)

    response, text = page(client, certificate.number)

    assert response.status_code == 200
    assert BENEFICIARY_NAME in text
    assert OFFSET_PURPOSE in text


def test_a_superseded_certificate_links_to_the_one_that_replaced_it(client, certificate):
    replacement = certificate_reissued(certificate=certificate)

    response, text = page(client, certificate.number)

    assert response.status_code == 200
    assert "This certificate has been superseded and is no longer valid." in text
    assert f'href="/en/verify/{replacement.number}/"' in text
    assert "This certificate is valid." not in text


def test_a_certificate_reissued_twice_links_to_the_newest(client, certificate):
    second = certificate_reissued(certificate=certificate)
    third = certificate_reissued(certificate=second, beneficiary_name="株式会社テスト商事 大阪支店")

    response, text = page(client, certificate.number)

    assert f'href="/en/verify/{third.number}/"' in text
    assert f'href="/en/verify/{second.number}/"' not in text


def test_the_replacement_says_which_certificate_it_replaces(client, certificate):
    replacement = certificate_reissued(certificate=certificate)

    response, text = page(client, replacement.number)

    assert "This certificate is valid." in text
    assert f'href="/en/verify/{certificate.number}/"' in text


def test_a_revoked_certificate_says_so_and_shows_nothing_personal(client, certificate):
    revoked = services.certificate_revoke(
        certificate=certificate, reason="Chargeback from the card issuer", revoked_by=None
    )

    response, text = page(client, certificate.number, token=certificate.token)

    assert response.status_code == 200
    with translation.override("en"):
        revoked_on = formats.date_format(timezone.localtime(revoked.revoked_at), "DATE_FORMAT")
    assert f"This certificate was revoked on {revoked_on}." in text
    assert "This certificate is valid." not in text
    assert "Chargeback" not in text
    assert BENEFICIARY_NAME not in text
    assert OFFSET_PURPOSE not in text


def test_a_certificate_being_issued_is_not_public_yet(client, processors):
    # Issued but not completed: the background completion never ran.
    pending = services.certificate_issue(order=retired_order(), requested_by=None)

    response, text = page(client, pending.number, token=pending.token)

    assert response.status_code == 404
    assert "No certificate with this number" in text


@pytest.mark.parametrize("number", ["OM-2026-999999", "not-a-certificate", "%E8%A8%BC%E6%98%8E"])
def test_an_unknown_number_gets_a_friendly_not_found_page(client, certificate, number):
    response, text = page(client, number)

    assert response.status_code == 404
    assert "No certificate with this number" in text
    assert "Please check the number printed on the certificate" in text
    assert NOINDEX in text


@pytest.mark.parametrize(
    "number",
    [
        "OM-2026-" + "0" * 5000,  # longer than any certificate number
        "OM-2026-000001-" + "9" * 18,  # 33 characters: one more than the column holds
        "OM 2026 000001",
        "OM--2026",
        "-OM-2026",
        "OM-2026-00000１",  # a full-width digit
        "%E8%A8%BC%E6%98%8E",
        "OM-2026-000001';--",
    ],
)
@pytest.mark.parametrize(
    ("in_english", "not_found"),
    [(True, "No certificate with this number"), (False, "の証明書は見つかりませんでした")],
)
def test_a_number_no_certificate_can_have_is_404_without_looking_it_up(
    client, certificate, number, in_english, not_found
):
    with CaptureQueriesContext(connection) as queries:
        response, text = page(client, number, english=in_english)

    assert response.status_code == 404
    assert not_found in text
    assert not [query for query in queries if "offsets_certificate" in query["sql"]]


def test_a_pdf_for_a_number_no_certificate_can_have_is_404_without_looking_it_up(client, certificate):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/certificates/OM-2026-{'0' * 5000}/pdf/", {"t": certificate.token})

    assert response.status_code == 404
    assert not [query for query in queries if "offsets_certificate" in query["sql"]]


def test_the_japanese_page_is_unprefixed_and_shows_the_japanese_project_details(client, certificate):
    project = certificate.serial_ranges.get().retirement.allocation.batch.project

    response, text = page(client, certificate.number, english=False)

    assert response.status_code == 200
    assert '<html lang="ja"' in text
    assert project.name in text and project.methodology in text
    assert project.name_en not in text
    assert f'href="/en/verify/{certificate.number}/"' in text  # the link to the English page


def test_the_english_page_shows_the_english_project_details(client, certificate):
    project = certificate.serial_ranges.get().retirement.allocation.batch.project

    response, text = page(client, certificate.number)

    assert response.status_code == 200
    assert '<html lang="en"' in text
    assert project.name_en in text and project.methodology_en in text
    assert project.name not in text


def test_the_page_takes_as_many_queries_for_many_projects_as_for_one(client, processors):
    one = certificate_for()
    several = certificate_for(batches=[CreditBatchFactory() for _ in range(4)], tonnes=6)
    assert several.serial_ranges.count() == 4

    with CaptureQueriesContext(connection) as one_range:
        assert page(client, one.number)[0].status_code == 200
    with CaptureQueriesContext(connection) as four_ranges:
        assert page(client, several.number)[0].status_code == 200

    assert len(four_ranges) == len(one_range)
    assert len(one_range) <= 6  # the certificate, its ranges, and the site's navigation


def test_the_check_form_goes_to_the_certificate_page(client, certificate):
    response = client.get("/en/verify/", {"number": f"  {certificate.number.lower()} "})

    assert response.status_code == 302
    assert response["Location"] == f"/en/verify/{certificate.number}/"
