"""The calculator page, "offset this", the JSON estimate, and the calculation carried to the certificate."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from legal.processors import services as processor_services
from legal.processors.models import PersonalDataField, Processor, ProcessorRole, ProvisionRecord
from offsets.calculator.models import FootprintCalculation
from offsets.calculator.services import emission_factor_new_version, emission_factor_publish
from offsets.models import Certificate
from offsets.services import certificate_issue
from tests.factories.calculator import EmissionFactorFactory, fuel_factors
from tests.factories.certificates import retire
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.functional.checkout.test_checkout import CONFIRMATION_TOKEN, place
from tests.integration.payments.test_stripe_gateway import card

pytestmark = pytest.mark.django_db

FY2025 = {"fiscal_year": "2025", "month": "", "electricity_kwh": "4200", "electricity_menu": "demo-standard"}


@pytest.fixture
def factors():
    fuel_factors()
    EmissionFactorFactory(value=Decimal("0.434"), is_demo=True, valid_from=datetime.date(2024, 4, 1))
    return EmissionFactorFactory(
        value=Decimal("0.45"),
        valid_from=datetime.date(2024, 4, 1),
        menu_code="demo-standard",
        supplier="デモ電力株式会社",
        supplier_en="Demo Power Co.",
        menu="スタンダード",
        menu_en="Standard",
        is_demo=True,
    )


@pytest.fixture
def batch():
    return CreditBatchFactory(serial_prefix="JP-CALC", serial_first=1, serial_last=20, price_per_tonne=3300)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_page_shows_the_working_with_sources_the_total_rounded_up_and_a_chart(client, factors, batch):
    response = client.get("/en/calculator/", {**FY2025, "gasoline_litres": "100"})

    assert response.status_code == 200
    page = text_of(response)
    assert "Your estimate for FY2025" in page
    assert "4,200 kWh × 0.45 kg-CO2/kWh = 1,890 kg = <strong>1.89 t-CO2</strong>" in page
    assert "100 L × 2.32 kg-CO2/L = 232 kg = <strong>0.232 t-CO2</strong>" in page
    assert "2.122 t-CO2 (2,122 kg-CO2)" in page and "3 tonnes to offset (rounded up to whole tonnes)" in page
    assert "Demo Power Co. — Standard" in page and "Test list of emission factors" in page
    assert "FY2024 figure" in page and "demo value" in page and "Demo values:" in page
    chart = re.search(r"<svg .*?</svg>", page).group(0)
    assert chart.count("<rect") == 2 and "1.89 t-CO2" in chart and "<script" not in chart
    assert 'name="batch"' in page and "Put 3 tonnes in the basket" in page


def test_the_japanese_page_and_the_navigation(client, factors):
    home = client.get("/")
    assert 'href="/calculator/"' in home.content.decode()
    assert 'href="/en/calculator/"' in client.get("/en/").content.decode()

    response = client.get("/calculator/", {**FY2025, "month": "1"})  # January 2026 is in fiscal 2025
    page = text_of(response)
    assert response.status_code == 200
    assert "2026年1月" in page and "デモ値" in page and "電気" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"fiscal_year": "2025"}, "Enter at least one amount of energy used."),
        ({"fiscal_year": "2025", "electricity_kwh": "-5"}, "greater than or equal to 0"),
        ({"fiscal_year": "2025", "electricity_kwh": "abc"}, "Enter a number"),
        ({"fiscal_year": "2025", "electricity_kwh": "1e30"}, "too large"),
        ({"fiscal_year": "1800", "electricity_kwh": "5"}, "greater than or equal to 1990"),
        ({"fiscal_year": "2025", "month": "13", "electricity_kwh": "5"}, "Select a valid choice"),
        (
            {"fiscal_year": "2019", "electricity_kwh": "5"},
            "There is no emission factor for Electricity for FY2019",
        ),
        (
            {"fiscal_year": "2025", "electricity_kwh": "5", "electricity_menu": "nope"},
            "Select a valid choice",
        ),
    ],
)
def test_bad_input_gets_a_400_with_a_clear_message(client, factors, query, message):
    page = client.get("/en/calculator/", query)
    assert page.status_code == 400 and message in page.content.decode()

    api = client.get("/api/footprint/estimate/", query)
    assert api.status_code == 400 and message in api.json()["error"]


def test_offset_this_puts_the_rounded_up_tonnes_in_the_basket_with_the_calculation(client, factors, batch):
    response = client.post("/en/calculator/offset/", {**FY2025, "batch": batch.pk})

    assert response.status_code == 302 and response.url == "/en/basket/"
    basket = client.get("/en/basket/").context["basket"]
    (line,) = basket.all_lines()
    assert (line.product, line.quantity) == (batch.product, 2)
    calculation = FootprintCalculation.objects.get()
    assert (calculation.basket_id, calculation.tonnes_to_buy, calculation.kg_co2) == (
        basket.pk,
        2,
        Decimal(1890),
    )
    assert calculation.lines[0]["factor_id"] == factors.pk and calculation.order is None


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"electricity_kwh": "50000"}, "23 t of this project cannot be added"),  # 22.5 t, 20 for sale
        ({"electricity_kwh": "0", "gasoline_litres": "0"}, "Enter at least one amount"),
        ({"batch": "999999"}, "Choose one of the projects listed."),
    ],
)
def test_offset_this_refuses_with_a_message_and_adds_nothing(client, factors, batch, form, message):
    response = client.post("/en/calculator/offset/", {**FY2025, "batch": batch.pk, **form})

    assert response.status_code == 400 and message in response.content.decode()
    assert not FootprintCalculation.objects.exists()
    assert client.get("/en/basket/").context["basket"].num_items == 0


def test_the_json_estimate(client, factors):
    response = client.get("/api/footprint/estimate/", {**FY2025, "lp_gas": "10", "lp_gas_unit": "m3"})

    assert response.status_code == 200
    body = response.json()
    assert body["t_co2"] == "1.950000000000" or Decimal(body["t_co2"]) == Decimal("1.95")
    assert body["tonnes_to_offset"] == 2 and body["demo_values_used"] is True
    assert body["period"] == {
        "fiscal_year": 2025,
        "month": None,
        "starts_on": "2025-04-01",
        "ends_on": "2026-03-31",
    }
    electricity, lp_gas = body["lines"]
    assert (
        electricity["factor"]["id"] == factors.pk and electricity["factor"]["retailer"] == "デモ電力株式会社"
    )
    assert Decimal(electricity["kg_co2"]) == 1890 and Decimal(lp_gas["kg_co2"]) == 60
    assert lp_gas["factor"]["kg_co2_per_unit"] == "6.000000" and lp_gas["unit"] == "m3"


def test_the_json_estimate_is_throttled_per_address(client, factors, settings):
    settings.CALCULATOR_API_PER_HOUR_PER_IP = 3
    answers = [client.get("/api/footprint/estimate/", FY2025).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/footprint/estimate/", FY2025)
    assert refused.status_code == 429 and "Too many requests" in refused.json()["error"]
    assert refused["Retry-After"] == "3600"
    other = client.get("/api/footprint/estimate/", FY2025, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


# --- Through the checkout to the certificate ------------------------------------------------------


@pytest.fixture
def shop(localstripe, processors, batch):
    return {"batch": batch, "versions": accepted_set(), "localstripe": localstripe}


def buy_from_calculator(client, shop, *, show_on_certificate: bool):
    client.post("/calculator/offset/", {**FY2025, "batch": shop["batch"].pk})
    client.post("/checkout/", {"username": "guest@example.jp", "options": "anonymous"}, follow=True)
    details = {
        "beneficiary_name": "株式会社サンプル",
        "payment_method": card(shop["localstripe"], "4242424242424242"),
        **({"show_calculation_on_certificate": "on"} if show_on_certificate else {}),
    }
    assert client.post("/checkout/payment-details/", details).status_code == 302
    preview = client.get("/checkout/preview/")
    shop["confirmation"] = CONFIRMATION_TOKEN.search(preview.content.decode()).group(1)
    response = place(client, shop)
    assert response.status_code == 302, response.content.decode()[:500]
    return preview, FootprintCalculation.objects.get()


def certificate_text(order, django_capture_on_commit_callbacks) -> tuple[Certificate, str]:
    retire(order)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(order=order, requested_by=None)
    certificate.refresh_from_db()
    if not certificate.pdf:
        return certificate, ""
    with default_storage.open(certificate.pdf.name) as pdf:
        return certificate, re.sub(r"\s+", " ", "".join(page.extract_text() for page in PdfReader(pdf).pages))


def test_the_order_keeps_the_calculation_and_the_certificate_states_it_when_asked(
    client, shop, factors, django_capture_on_commit_callbacks
):
    preview, calculation = buy_from_calculator(client, shop, show_on_certificate=True)
    assert 'id="calculation-on-certificate"' in preview.content.decode()

    order = calculation.order
    assert order is not None and order.lines.get().quantity == 2 and calculation.show_on_certificate
    # A later factor version changes nothing the order was computed with.
    correction = emission_factor_new_version(factor=factors)
    correction.value = Decimal("0.5")
    correction.save()
    emission_factor_publish(factor=correction)
    certificate, text = certificate_text(order, django_capture_on_commit_callbacks)

    assert certificate.status == Certificate.Status.VALID
    assert "Offsets the emissions of 4,200 kWh of electricity used in FY2025 (1.89 t-CO2)" in text
    assert "2025年度に使用した電気 4,200 kWh" in text and "0.45 kg-CO2/kWh" in text
    assert "0.5 kg-CO2/kWh" not in text and "2.1 t-CO2" not in text
    record = ProvisionRecord.objects.filter(processor__role=ProcessorRole.CERTIFICATE_ISSUANCE).get()
    assert PersonalDataField.ENERGY_USE in record.fields


def test_without_the_buyers_choice_the_certificate_says_nothing_of_the_energy_used(
    client, shop, factors, django_capture_on_commit_callbacks
):
    _preview, calculation = buy_from_calculator(client, shop, show_on_certificate=False)

    certificate, text = certificate_text(calculation.order, django_capture_on_commit_callbacks)
    assert certificate.status == Certificate.Status.VALID and calculation.order is not None
    assert "kWh" not in text and "Offsets the emissions" not in text
    record = ProvisionRecord.objects.filter(processor__role=ProcessorRole.CERTIFICATE_ISSUANCE).get()
    assert PersonalDataField.ENERGY_USE not in record.fields


def test_a_processor_not_allowed_the_energy_use_makes_the_certificate_wait(
    client, shop, factors, django_capture_on_commit_callbacks
):
    issuer = Processor.objects.get(role=ProcessorRole.CERTIFICATE_ISSUANCE)
    issuer.data_scope = [field for field in issuer.data_scope if field != PersonalDataField.ENERGY_USE]
    processor_services.processor_save(processor=issuer, changed_by=None)
    _preview, calculation = buy_from_calculator(client, shop, show_on_certificate=True)

    certificate, text = certificate_text(calculation.order, django_capture_on_commit_callbacks)
    assert certificate.status == Certificate.Status.PENDING and text == ""
    assert "Energy use" in certificate.waiting_reason or "エネルギー" in certificate.waiting_reason


def test_a_guest_who_signs_in_keeps_the_calculation_with_the_merged_basket(
    client, factors, batch, django_user_model
):
    client.post("/en/calculator/offset/", {**FY2025, "batch": batch.pk})
    django_user_model.objects.create_user(
        username="hanako", email="hanako@example.jp", password="pw-Offset-2026"
    )

    client.post(
        "/en/accounts/login/",
        {"login-username": "hanako@example.jp", "login-password": "pw-Offset-2026", "login_submit": "1"},
    )

    basket = client.get("/en/basket/").context["basket"]
    assert basket.owner.email == "hanako@example.jp" and basket.num_items == 2
    assert FootprintCalculation.objects.get().basket_id == basket.pk


def test_the_result_page_makes_few_queries(client, factors, batch, django_assert_max_num_queries):
    client.get("/en/calculator/", FY2025)  # warm the session and caches
    # Menus for both forms, one query for every factor used, the batches to offset with, the nav.
    with django_assert_max_num_queries(8):
        response = client.get("/en/calculator/", {**FY2025, "gasoline_litres": "5", "diesel_litres": "5"})
    assert response.status_code == 200
