"""The footprint calculator in Chromium: estimate, offset, pay; the certificate states the calculation."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from offsets.calculator.models import FootprintCalculation
from offsets.models import Certificate
from offsets.services import certificate_issue
from tests.browser.test_checkout import fill_card
from tests.factories.calculator import EmissionFactorFactory, fuel_factors
from tests.factories.certificates import retire
from tests.factories.offsets import CreditBatchFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop(localstripe, processors, live_server):
    call_command("load_legal_demo", verbosity=0)
    fuel_factors()
    EmissionFactorFactory(
        value=Decimal("0.45"),
        valid_from=datetime.date(2024, 4, 1),
        menu_code="demo-power-standard",
        supplier="デモ電力株式会社",
        supplier_en="Demo Power Co.",
        menu="スタンダードプラン",
        menu_en="Standard plan",
        is_demo=True,
    )
    batch = CreditBatchFactory(serial_prefix="JP-CALC", serial_first=1, serial_last=100, price_per_tonne=3300)
    return {"batch": batch, "url": live_server.url}


def test_calculate_offset_pay_and_the_certificate_states_the_calculation(
    page, shop, screenshot, policy_watch, django_capture_on_commit_callbacks
):
    page.goto(shop["url"] + "/calculator/")
    page.locator("#id_fiscal_year").fill("2025")
    page.locator("#id_electricity_kwh").fill("4200")
    page.locator("#id_electricity_menu").select_option("demo-power-standard")
    page.locator("#id_gasoline_litres").fill("100")
    page.locator("#calculator-form button[type=submit]").click()

    result = page.locator("#calculator-result")
    result.wait_for()
    assert "2.122 t-CO2" in page.locator("#calculator-total").inner_text()
    working = page.locator("#calculator-working").inner_text()
    assert "4,200 kWh × 0.45 kg-CO2/kWh = 1,890 kg = 1.89 t-CO2" in working and "デモ値" in working
    assert page.locator("#calculator-chart svg rect").count() == 2
    assert policy_watch.violations(page) == []  # the server-drawn chart needs no exception to the CSP
    screenshot("calculator-result-ja")
    japanese_result = page.url
    page.goto(japanese_result.replace("/calculator/", "/en/calculator/"))
    assert "Your estimate for FY2025" in page.locator("#calculator-result").inner_text()
    screenshot("calculator-result-en")
    page.goto(japanese_result)

    page.locator("#calculator-offset-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/basket/$"))
    page.goto(shop["url"] + "/checkout/")
    page.locator("input[name=username]").fill("guest@example.jp")
    page.locator("input[name=username]").press("Enter")
    page.wait_for_url(re.compile(r"/checkout/payment-details/$"))
    page.locator("#id_beneficiary_name").fill("株式会社サンプル")
    page.locator("#id_show_calculation_on_certificate").check()
    fill_card(page, "4242424242424242")
    page.locator("#to-confirmation").click()
    page.wait_for_url(re.compile(r"/checkout/preview/$"))
    assert "証明書に記載する" in page.locator("#calculation-on-certificate").inner_text()
    page.locator("#id_accept").check()
    page.locator("#id_consent_recipients").check()
    page.locator("#place-order").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))

    calculation = FootprintCalculation.objects.get()
    order = calculation.order
    assert order.lines.get().quantity == 3 and calculation.show_on_certificate
    retire(order)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(order=order, requested_by=None)
    certificate = Certificate.objects.get(order=order)
    assert certificate.status == Certificate.Status.VALID

    pdf = page.request.get(f"{shop['url']}/certificates/{certificate.number}/pdf/?t={certificate.token}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages))
    # (the PDF's text layer drops a space where a line wraps)
    assert "2025年度に使用した電気 4,200 kWh、ガソリン 100 Lによる排出量（2.122 t-CO2）" in text
    assert "Offsets the emissions of 4,200 kWh of electricity and 100 L of gasoline used in FY2025" in text
    assert "0.45 kg-CO2/kWh (Demo Power Co. — Standard plan, FY2024 figure, demo value" in text
