"""The business buyers' API (/api/v1/): keys, every endpoint's answer and its refusals."""

import datetime
import hashlib
import html
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone, translation
from pypdf import PdfReader

from legal.documents.models import DocumentVersion
from legal.documents.rendering import render_markdown
from offsets import services as offsets_services
from shop.api.models import ApiAccessRecord, ApiKey
from shop.api.services import api_key_create
from shop.invoices import services as invoice_services
from tests.factories.calculator import EmissionFactorFactory, fuel_factors
from tests.factories.certificates import certificate_for
from tests.factories.invoices import invoiceable_order
from tests.factories.offsets import CreditBatchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user(
        username="buyer", email="buyer@company.example", password="pw-12345678"
    )


@pytest.fixture
def api(client, member):
    """A client that sends the member's new API key with every request."""
    secret = api_key_create(user=member, name="ERP").secret
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def error_of(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["status"] == status and error["message"] and isinstance(error["fields"], dict)
    if code:
        assert error["code"] == code
    return error


# --- Keys -------------------------------------------------------------------------------


def test_a_key_is_shown_once_on_the_account_page_and_kept_only_as_its_digest(client, member):
    client.force_login(member)

    page = client.post("/accounts/api-keys/", {"name": "経理システム"})

    secret = re.search(r'id="api-key-secret">([^<]+)<', page.content.decode()).group(1)
    key = ApiKey.objects.get()
    assert secret.startswith("om_") and len(secret) > 40
    assert key.digest == hashlib.sha256(secret.encode()).hexdigest() and key.prefix == secret[:10]
    assert secret not in str(ApiKey.objects.values().get())  # nothing stored holds the key itself
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    listing = client.get("/accounts/api-keys/").content.decode()
    assert "経理システム" in listing and key.prefix in listing and secret not in listing


def test_a_request_with_the_key_is_recorded_and_marks_the_key_used(api, member):
    CreditBatchFactory()

    assert api.get("/api/v1/batches/").status_code == 200

    key = ApiKey.objects.get()
    record = ApiAccessRecord.objects.get()
    assert key.last_used_at is not None
    assert (record.key, record.endpoint, record.method, record.status) == (key, "api/v1/batches/", "GET", 200)


def test_a_revoked_key_stops_working_at_once(api, client, member):
    assert api.get("/api/v1/orders/").status_code == 200
    key = ApiKey.objects.get()
    client.force_login(member)

    client.post(f"/accounts/api-keys/{key.pk}/revoke/")

    client.logout()
    error_of(api.get("/api/v1/orders/"), 401, "invalid_key")
    assert ApiKey.objects.get().revoked_at is not None
    client.force_login(member)
    assert "revoked " in client.get("/en/accounts/api-keys/").content.decode()


def test_a_member_cannot_revoke_another_members_key(client, member, django_user_model):
    other = django_user_model.objects.create_user(username="o", email="o@example.jp", password="pw-12345678")
    theirs = api_key_create(user=other, name="theirs").key
    client.force_login(member)

    response = client.post(f"/en/accounts/api-keys/{theirs.pk}/revoke/", follow=True)

    assert "There is no such API key on your account." in response.content.decode()
    assert ApiKey.objects.get(pk=theirs.pk).revoked_at is None


def test_keys_per_member_are_limited_with_a_clear_message(client, member, settings):
    settings.API_KEYS_PER_MEMBER = 2
    client.force_login(member)
    for name in ("one", "two"):
        assert client.post("/en/accounts/api-keys/", {"name": name}).status_code == 200

    refused = client.post("/en/accounts/api-keys/", {"name": "three"})

    assert refused.status_code == 400 and "Revoke one first" in refused.content.decode()
    assert ApiKey.objects.count() == 2


def test_an_empty_key_name_is_refused(client, member):
    client.force_login(member)
    assert client.post("/accounts/api-keys/", {"name": " "}).status_code == 400
    assert not ApiKey.objects.exists()


def test_the_key_pages_need_a_signed_in_member(client):
    assert client.get("/accounts/api-keys/").status_code == 302
    assert client.post("/accounts/api-keys/1/revoke/").status_code == 302


@pytest.mark.parametrize(
    "header",
    ["", "Bearer om_not-a-key", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer " + "x" * 5000, "Bearer om_\u00e9"],
)
def test_no_key_or_a_wrong_key_answers_401_in_the_error_shape(client, header):
    if header:
        client.defaults["HTTP_AUTHORIZATION"] = header
    response = client.get("/api/v1/orders/")
    error_of(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_members_key_stops_working(api, member):
    member.is_active = False
    member.save()
    error_of(api.get("/api/v1/orders/"), 401)


def test_requests_per_key_are_throttled(api, settings):
    settings.API_REQUESTS_PER_MINUTE_PER_KEY = 3
    for _ in range(3):
        assert api.get("/api/v1/orders/").status_code == 200

    refused = api.get("/api/v1/orders/")

    error_of(refused, 429, "throttled")
    assert int(refused["Retry-After"]) > 0
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert api.get("/api/v1/orders/").status_code == 200


def test_one_keys_throttle_does_not_slow_another_key(api, member, client, settings, django_user_model):
    settings.API_REQUESTS_PER_MINUTE_PER_KEY = 1
    other = django_user_model.objects.create_user(username="o", email="o@example.jp", password="pw-12345678")
    other_secret = api_key_create(user=other, name="other").secret
    assert api.get("/api/v1/orders/").status_code == 200
    assert api.get("/api/v1/orders/").status_code == 429

    assert client.get("/api/v1/orders/", HTTP_AUTHORIZATION=f"Bearer {other_secret}").status_code == 200


def test_wrong_keys_from_one_address_are_refused_after_the_limit(client, settings):
    settings.API_WRONG_KEYS_PER_HOUR_PER_IP = 2
    for _ in range(2):
        error_of(client.get("/api/v1/orders/", HTTP_AUTHORIZATION="Bearer om_wrong"), 401)

    error_of(client.get("/api/v1/orders/", HTTP_AUTHORIZATION="Bearer om_wrong"), 429, "throttled")


# --- Catalogue and quotes ----------------------------------------------------------------------


def test_batches_and_projects_list_what_is_on_sale_with_price_and_tonnes_available(api):
    batch = CreditBatchFactory(serial_first=1, serial_last=500, price_per_tonne=5500)
    hidden = CreditBatchFactory()
    hidden.product.is_public = False
    hidden.product.save()
    offsets_services.tonnes_reserve(basket_id=99, tonnes_by_batch={batch.pk: 20})

    batches = api.get("/api/v1/batches/").json()
    projects = api.get("/api/v1/projects/").json()
    one = api.get(f"/api/v1/batches/{batch.pk}/").json()

    assert [entry["id"] for entry in batches] == [batch.pk]
    assert one == batches[0]
    assert one["price_per_tonne"] == 5500 and one["tonnes_issued"] == 500 and one["tonnes_available"] == 480
    assert one["product_url"].endswith(batch.product.get_absolute_url())
    assert [project["slug"] for project in projects] == [batch.project.slug]
    assert projects[0]["batches"] == batches
    assert api.get(f"/api/v1/projects/{batch.project.slug}/").json() == projects[0]
    assert api.get(f"/api/v1/batches/?project={batch.project.slug}").json() == batches


def test_unknown_or_hidden_batches_and_projects_answer_404(api):
    hidden = CreditBatchFactory()
    hidden.product.is_public = False
    hidden.product.save()
    error_of(api.get(f"/api/v1/batches/{hidden.pk}/"), 404, "not_found")
    error_of(api.get("/api/v1/batches/999999/"), 404)
    error_of(api.get(f"/api/v1/projects/{hidden.project.slug}/"), 404)
    error_of(api.get("/api/v1/no-such-endpoint/"), 404, "not_found")
    error_of(api.get("/api/v1/batches/99999999999999999999/"), 404)


def test_a_quote_gives_the_total_and_the_tax_it_contains(api):
    batch = CreditBatchFactory(price_per_tonne=3300)

    quote = api.get(f"/api/v1/quote/?batch={batch.pk}&tonnes=25").json()

    assert quote["total_incl_tax"] == 82_500 and quote["consumption_tax"] == 82_500 * 10 // 110 == 7_500
    assert (quote["tonnes"], quote["price_per_tonne"], quote["tax_rate_percent"]) == (25, 3300, 10)
    assert quote["currency"] == "JPY" and quote["tonnes_available"] == 1000


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("tonnes=5", "batch"),
        ("batch=abc&tonnes=5", "batch"),
        ("batch={batch}", "tonnes"),
        ("batch={batch}&tonnes=0", "tonnes"),
        ("batch={batch}&tonnes=-3", "tonnes"),
        ("batch={batch}&tonnes=1.5", "tonnes"),
        ("batch={batch}&tonnes=1001", "tonnes"),  # more than is for sale
        ("batch=999999&tonnes=1", "batch"),
        ("batch={batch}&tonnes=99999999999999999999999", "tonnes"),
    ],
)
def test_a_quote_with_bad_input_answers_400_naming_the_field(api, query, field):
    batch = CreditBatchFactory()
    error = error_of(api.get("/api/v1/quote/?" + query.format(batch=batch.pk)), 400, "invalid")
    assert field in error["fields"]


def test_a_quote_above_the_card_payment_limit_is_refused(api, settings):
    settings.ORDER_TOTAL_MAX_YEN = 99_999
    batch = CreditBatchFactory(price_per_tonne=10_000)
    assert api.get(f"/api/v1/quote/?batch={batch.pk}&tonnes=9").status_code == 200

    error = error_of(api.get(f"/api/v1/quote/?batch={batch.pk}&tonnes=10"), 400)

    assert "99,999" in error["fields"]["tonnes"][0]


def test_messages_are_in_japanese_when_asked(api):
    error = error_of(api.get("/api/v1/quote/?tonnes=5", HTTP_ACCEPT_LANGUAGE="ja"), 400)
    english = error_of(api.get("/api/v1/quote/?tonnes=5"), 400)
    assert error["message"] != english["message"]
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", error["message"])


# --- The footprint estimate -----------------------------------------------------------------------


@pytest.fixture
def factors():
    fuel_factors()
    return EmissionFactorFactory(value=Decimal("0.45"), valid_from=datetime.date(2024, 4, 1), is_demo=True)


def test_the_footprint_estimate_answers_as_the_public_calculator_does(api, factors):
    estimate = api.get("/api/v1/footprint/estimate/?fiscal_year=2025&electricity_kwh=4200&city_gas_m3=100")

    assert estimate.status_code == 200
    body = estimate.json()
    assert Decimal(body["t_co2"]) == Decimal("2.095") and body["tonnes_to_offset"] == 3
    assert [line["factor"]["id"] for line in body["lines"]][0] == factors.pk


@pytest.mark.parametrize(
    "query", ["", "fiscal_year=abc", "fiscal_year=2025&electricity_kwh=-1", "fiscal_year=1800"]
)
def test_a_bad_footprint_estimate_answers_400(api, factors, query):
    error_of(api.get(f"/api/v1/footprint/estimate/?{query}"), 400, "invalid")


# --- The member's orders, certificates and invoices -------------------------------------------------


def test_orders_list_the_members_own_with_lines_certificates_invoices_and_working_links(
    api, client, member, processors
):
    mine = invoiceable_order(user=member, tonnes=4)
    invoice = invoice_services.invoice_issue(order=mine)
    invoiceable_order(email="someone-else@example.jp")
    certified = certificate_for(user=member, tonnes=2)

    page = api.get("/api/v1/orders/").json()

    assert page["count"] == 2
    numbers = [order["number"] for order in page["results"]]
    assert set(numbers) == {mine.number, certified.order.number}
    order = next(order for order in page["results"] if order["number"] == mine.number)
    assert order["lines"][0]["tonnes"] == 4 and order["total_incl_tax"] == int(mine.total_incl_tax)
    assert order["tax_breakdown"] == mine.tax_breakdown
    assert [entry["number"] for entry in order["invoices"]] == [invoice.number]
    detail = api.get(f"/api/v1/orders/{mine.number}/").json()
    assert detail["lines"] == order["lines"] and detail["invoices"][0]["number"] == invoice.number
    client.defaults.pop("HTTP_AUTHORIZATION")
    client.logout()
    # The links work for the key's holder without a session: signed invoice link, certificate token.
    pdf = client.get(order["invoices"][0]["pdf_url"].split("127.0.0.1:8000", 1)[1])
    assert invoice.number in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    certificate = next(entry for entry in page["results"] if entry["number"] == certified.order.number)
    certificate = certificate["certificates"][0]
    assert certificate["number"] == certified.number
    response = client.get(certificate["pdf_url"].split("127.0.0.1:8000", 1)[1])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(certificate["verification_url"].split("127.0.0.1:8000", 1)[1]).status_code == 200


def test_someone_elses_order_is_not_found(api):
    theirs = invoiceable_order(email="someone-else@example.jp")
    error_of(api.get(f"/api/v1/orders/{theirs.number}/"), 404, "not_found")
    error_of(api.get("/api/v1/orders/%00/"), 400)


def test_certificates_and_invoices_list_only_the_members_own(api, member, processors):
    certified = certificate_for(user=member, tonnes=2)
    certificate_for(tonnes=1)  # a guest's
    mine = invoiceable_order(user=member)
    old = invoice_services.invoice_issue(order=mine)
    new = invoice_services.invoice_correct(invoice=old, recipient_name="株式会社訂正商事", reason="宛名")
    invoice_services.invoice_issue(order=invoiceable_order(email="other@example.jp"))

    certificates = api.get("/api/v1/certificates/").json()
    invoices = api.get("/api/v1/invoices/").json()

    assert [entry["number"] for entry in certificates["results"]] == [certified.number]
    assert certificates["results"][0]["tonnes"] == 2
    assert [(entry["number"], entry["replaces"]) for entry in invoices["results"]] == [
        (new.number, old.number),
        (old.number, None),
    ]


def test_lists_are_paginated_and_bad_paging_is_refused_cleanly(api, member):
    for _ in range(3):
        invoiceable_order(user=member)

    first = api.get("/api/v1/orders/?limit=2").json()
    rest = api.get(first["next"].split("testserver", 1)[1]).json()

    assert first["count"] == 3 and len(first["results"]) == 2 and len(rest["results"]) == 1
    assert api.get("/api/v1/orders/?limit=abc").status_code == 200  # DRF falls back to the default
    assert api.get("/api/v1/orders/?offset=-5").status_code == 200


def test_writes_are_refused_with_405_in_the_error_shape(api):
    error_of(api.post("/api/v1/orders/", {}, content_type="application/json"), 405)
    error_of(api.delete("/api/v1/batches/"), 405)


# --- The access record in the personal-data register -------------------------------------------------


def test_access_records_are_purged_after_their_retention_period(api, settings):
    api.get("/api/v1/orders/")
    days = settings.PERSONAL_DATA_RETENTION_DAYS["api_access"]

    with time_machine.travel(timezone.now() + datetime.timedelta(days=days - 1)):
        call_command("personal_data_purge")
    assert ApiAccessRecord.objects.count() == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(days=days + 1)):
        call_command("personal_data_purge")
    assert ApiAccessRecord.objects.count() == 0 and ApiKey.objects.count() == 1


# --- What the privacy policy and the member's data say ----------------------------------------------------


def test_privacy_policy_version_5_lists_api_keys_and_the_access_records_period(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_legal_demo")

    version = DocumentVersion.objects.get(document__kind="privacy", number=5)
    previous = DocumentVersion.objects.get(document__kind="privacy", number=4)
    assert version.effective_on > previous.effective_on and version.change_summary_en
    with translation.override("ja"):
        japanese = html.unescape(render_markdown(version.localized("body")))
    with translation.override("en"):
        english = html.unescape(render_markdown(version.localized("body")))
    assert "APIキーとその利用の記録" in japanese and "ハッシュ値" in japanese
    assert "API keys and their use" in english and "a hash" in english
    # The generated retention table states the period the purge applies.
    assert "Records of requests made with your API keys" in english and "1 year" in english
    assert "APIキーによるご利用の記録" in japanese


def test_the_members_data_page_shows_their_keys_and_their_use(api, client, member):
    api.get("/api/v1/orders/")
    client.defaults.pop("HTTP_AUTHORIZATION")
    client.force_login(member)

    page = client.get("/en/accounts/privacy/my-data/").content.decode()

    assert "API keys and their use" in page and "ERP" in page and "api/v1/orders/" in page


def test_the_key_page_speaks_both_languages_and_is_linked_from_the_account_pages(client, member):
    client.force_login(member)

    japanese = client.get("/accounts/api-keys/").content.decode()
    english = client.get("/en/accounts/api-keys/").content.decode()

    assert "キーを作成する" in japanese and "APIキーはありません。" in japanese
    assert "Create the key" in english and "You have no API keys." in english
    assert 'href="/accounts/api-keys/"' in client.get("/accounts/profile/").content.decode()
    assert "/api/v1/schema/" in english
