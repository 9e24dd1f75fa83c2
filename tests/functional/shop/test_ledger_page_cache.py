"""The public ledger from the storefront's page cache (shop/page_cache.py, ``shows_ledger``): fast for
visitors who bring nothing of their own, never sharing what is one visitor's, and showing each sale,
retirement and certificate at once.
"""

import datetime
import json
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model

from legal.privacy.services import personal_data_purge
from offsets import services
from offsets.models import CreditBatch
from tests.factories.certificates import certificate_for, certificate_reissued, paid_order, retire
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.factories.orders import order_line_for
from tests.pages import assert_served_from_the_cache, page_of

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")

NONCE = re.compile(r'<script nonce="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGE = "/en/ledger/"
DOWNLOADS = ["/en/ledger/batches.csv", "/en/ledger/certificates.csv", "/en/ledger/ledger.json"]


@pytest.fixture
def batch():
    project = OffsetProjectFactory(name="北の森", name_en="Northern Forest", slug="northern-forest")
    return CreditBatchFactory(
        project=project, serial_prefix="JP-LEDGER-CACHE", serial_first=1, serial_last=100
    )


def figures(batch, url: str = PAGE) -> list[str]:
    """The batch's row on the ledger page, as a new visitor sees it: issued, sold, retired, certified,
    held, available."""
    page = page_of(Client(), url)
    row = page[page.index(f'id="batch-{batch.pk}"') :].split("</tr>")[0]
    return [cell.split(">")[-1] for cell in row.split("</td>")[2:8]]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_second_visitor_gets_the_ledger_and_its_downloads_from_the_cache(batch, prefix):
    for url in [f"{prefix}/ledger/", *(url.replace("/en", prefix) for url in DOWNLOADS)]:
        assert_served_from_the_cache(url)


def test_downloads_from_the_cache_keep_their_type_file_name_and_bytes(batch):
    for url in DOWNLOADS:
        rendered = Client().get(url)
        kept = Client().get(url)

        assert kept["X-Page-Cache"] == "hit"
        assert kept.content == rendered.content, url
        assert kept["Content-Type"] == rendered["Content-Type"]
        assert kept["Content-Disposition"] == rendered["Content-Disposition"]
    assert Client().get("/en/ledger/batches.csv").content.startswith("\ufeff".encode())  # the BOM for Excel


def test_each_language_gets_its_own_ledger(batch):
    page_of(Client(), "/ledger/")

    english = page_of(Client(), "/en/ledger/")
    japanese = page_of(Client(), "/ledger/")

    assert "Northern Forest" in english and "北の森" not in english
    assert "北の森" in japanese and '<html lang="ja"' in japanese


def test_each_visitor_gets_their_own_csrf_token_and_it_works(batch):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = CSRF.search(page_of(first, PAGE)).group(1)
    response = second.get(PAGE)  # from the cache
    second_token = CSRF.search(response.content.decode()).group(1)

    assert response["X-Page-Cache"] == "hit"
    assert first_token != second_token
    # The page's cookie banner posts the visitor's choice with the token.
    choice = {"choice": "necessary", "next": PAGE}
    refused = second.post("/en/legal/cookies/consent/", {**choice, "csrfmiddlewaretoken": first_token})
    assert refused.status_code == 403
    accepted = second.post("/en/legal/cookies/consent/", {**choice, "csrfmiddlewaretoken": second_token})
    assert accepted.status_code == 302


def test_each_response_carries_its_own_nonce_matching_its_policy(batch):
    responses = [Client().get(PAGE) for _ in range(2)]  # the second from the cache

    nonces = []
    for response in responses:
        page_nonces = set(NONCE.findall(response.content.decode()))
        assert len(page_nonces) == 1
        nonce = page_nonces.pop()
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert responses[1]["X-Page-Cache"] == "hit"
    assert nonces[0] != nonces[1]


def test_a_members_ledger_is_theirs_and_never_shared(batch, django_user_model):
    member = Client()
    member.force_login(
        django_user_model.objects.create_user(
            username="hanako", email="hanako@example.jp", password="pw-123456!"
        )
    )
    page_of(Client(), PAGE)  # the page is in the cache

    response = member.get(PAGE)

    assert "X-Page-Cache" not in response
    assert "/en/accounts/logout/" in response.content.decode()
    assert "/en/accounts/logout/" not in page_of(Client(), PAGE)


def test_a_visitor_with_a_basket_gets_the_ledger_rendered_for_them(batch):
    shopper = Client()
    shopper.post(f"/en/basket/add/{batch.product.pk}/", {"quantity": 2})
    page_of(Client(), PAGE)  # the page is in the cache

    response = shopper.get(PAGE)

    assert "X-Page-Cache" not in response
    assert "¥6,600" in response.content.decode()  # the header's basket total
    assert "¥6,600" not in page_of(Client(), PAGE)


def test_a_sale_shows_at_once(batch, django_capture_on_commit_callbacks):
    assert figures(batch) == ["100", "0", "0", "0", "0", "100"]

    with django_capture_on_commit_callbacks(execute=True):
        paid_order(batch, 4)

    assert figures(batch) == ["100", "4", "0", "0", "0", "96"]
    assert json.loads(page_of(Client(), "/en/ledger/ledger.json"))["totals"]["sold"] == 4


def test_a_retirement_shows_at_once(batch, django_capture_on_commit_callbacks):
    order = paid_order(batch, 4)
    assert figures(batch) == ["100", "4", "0", "0", "0", "96"]

    with django_capture_on_commit_callbacks(execute=True):
        retire(order)

    assert figures(batch) == ["100", "4", "4", "0", "0", "96"]
    assert json.loads(page_of(Client(), "/en/ledger/ledger.json"))["totals"]["retired"] == 4


@pytest.mark.parametrize(
    ("url", "promise"),
    [
        ("/ledger/", "記録された時点でこのページに反映されます"),
        (PAGE, "shows here as soon as it is recorded"),
    ],
)
def test_the_page_promises_no_more_than_the_cache_keeps(batch, url, promise):
    """The page says each sale, retirement and certificate shows at once: the tests around this one
    keep that true of the cached page."""
    page_of(Client(), url)  # now in the cache

    assert promise in page_of(Client(), url)


def test_a_certificate_issued_shows_at_once_on_the_page_and_in_the_downloads(batch, processors):
    order = paid_order(batch, 3)
    retire(order)
    page_of(Client(), PAGE), page_of(Client(), "/en/ledger/certificates.csv")  # both in the cache

    certificate = certificate_for(order=order)

    assert figures(batch) == ["100", "3", "3", "3", "0", "97"]
    assert certificate.number in page_of(Client(), PAGE)
    assert certificate.number in page_of(Client(), "/en/ledger/certificates.csv")


def test_a_revoked_certificate_shows_at_once(batch, processors, django_capture_on_commit_callbacks):
    certificate = certificate_for(batches=[batch], tonnes=3)
    assert figures(batch) == ["100", "3", "3", "3", "0", "97"]

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(certificate=certificate, reason="Chargeback", revoked_by=None)

    assert figures(batch) == ["100", "3", "3", "0", "0", "97"]


def test_a_reissued_certificate_shows_at_once(batch, processors):
    certificate = certificate_for(batches=[batch], tonnes=3, show_publicly=True)
    assert certificate.beneficiary_name in page_of(Client(), PAGE)

    replacement = certificate_reissued(
        certificate=certificate, beneficiary_name="株式会社テスト商事 大阪支店"
    )

    page = page_of(Client(), PAGE)
    assert replacement.number in page and "株式会社テスト商事 大阪支店" in page
    assert figures(batch) == ["100", "3", "3", "3", "0", "97"]  # counted once


def test_a_buyer_hiding_their_name_is_hidden_from_the_ledger_at_once(batch, processors):
    certificate = certificate_for(
        batches=[batch], tonnes=3, show_publicly=True, beneficiary_name="公開株式会社"
    )
    assert "公開株式会社" in page_of(Client(), PAGE)
    assert "公開株式会社" in page_of(Client(), "/en/ledger/certificates.csv")

    services.order_visibility_set(order=certificate.order, show_publicly=False)

    assert "公開株式会社" not in page_of(Client(), PAGE)
    assert "公開株式会社" not in page_of(Client(), "/en/ledger/certificates.csv")


def test_a_name_blanked_at_the_end_of_its_retention_leaves_the_ledger_at_once(batch, processors):
    certificate_for(batches=[batch], tonnes=3, show_publicly=True, beneficiary_name="期限切れ株式会社")
    assert "期限切れ株式会社" in page_of(Client(), PAGE)

    personal_data_purge(now=timezone.now() + datetime.timedelta(days=365 * 30))

    assert "期限切れ株式会社" not in page_of(Client(), PAGE)


def test_a_substitution_scheduled_and_carried_out_shows_at_once(
    batch, processors, settings, django_capture_on_commit_callbacks
):
    settings.SUBSTITUTION_NOTICE_DAYS = 0
    sold_out = CreditBatchFactory(
        project=batch.project, serial_prefix="JP-OLD", serial_first=1, serial_last=5
    )
    paid_order(sold_out, 5)
    short_line = order_line_for(sold_out, 3)
    Order.objects.filter(pk=short_line.order_id).update(
        status="paid", guest_email="buyer@example.jp", attention_reason=services.SHORTFALL_FLAG + " JP-OLD"
    )
    assert figures(batch) == ["100", "0", "0", "0", "0", "100"]

    with django_capture_on_commit_callbacks(execute=True):
        substitution = services.substitution_schedule(
            order_line=short_line, substitute_batch=batch, scheduled_by=None
        )
    assert figures(batch) == ["100", "0", "0", "0", "3", "97"]  # promised to the customer

    with django_capture_on_commit_callbacks(execute=True):
        services.substitution_carry_out(substitution_id=substitution.pk)

    assert figures(batch) == ["100", "3", "0", "0", "0", "97"]
    assert figures(sold_out) == ["5", "5", "0", "0", "0", "0"]


def test_a_new_batch_shows_at_once(batch):
    page_of(Client(), PAGE)  # the page is in the cache

    services.batch_create(
        project=batch.project,
        vintage=2025,
        serial_prefix="JP-LEDGER-NEW",
        serial_first=1,
        serial_last=50,
        price_per_tonne=3300,
    )

    assert "JP-LEDGER-NEW 1–50" in page_of(Client(), PAGE)


def test_a_change_made_around_the_signals_shows_within_the_cache_time(batch, settings):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert figures(batch) == ["100", "0", "0", "0", "0", "100"]
        # A queryset update sends no signal: the kept page is out of date for a while, and no longer.
        CreditBatch.objects.filter(pk=batch.pk).update(serial_last=200)
        traveller.shift(settings.STOREFRONT_CACHE_SECONDS - 1)
        assert figures(batch) == ["100", "0", "0", "0", "0", "100"]
        traveller.shift(2)

        assert figures(batch) == ["200", "0", "0", "0", "0", "200"]
