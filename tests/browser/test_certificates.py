"""Operations staff retire credits and issue the certificate in a real browser; anyone checks it."""

import re

import pytest

from offsets.models import Certificate
from tests.factories.certificates import paid_order
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_retire_issue_and_the_public_verifies(
    live_server, page, screenshot, signed_in_staff, processors
):
    project = OffsetProjectFactory(name="北の森 間伐プロジェクト", name_en="Kita-no-Mori Thinning Project")
    batch = CreditBatchFactory(project=project, serial_prefix="JP-FO-0158", serial_first=101, serial_last=200)
    order = paid_order(batch, 5, beneficiary="株式会社サンプル商事")

    page.goto(live_server.url + "/dashboard/certificates/")
    assert order.number in page.locator("table").first.inner_text()
    screenshot("certificates-queue-ja")

    page.get_by_role("link", name=order.number).first.click()
    page.wait_for_url(re.compile(rf"/dashboard/certificates/order/{order.number}/$"))
    form = page.locator("#retirement-form")
    assert form.locator("input[name$=serial_first]").input_value() == "101"
    assert form.locator("input[name$=serial_last]").input_value() == "105"
    form.locator("input[name$=registry_reference]").fill("JCR-2026-0312")
    form.get_by_role("button").click()
    page.wait_for_load_state()
    page.locator("#issue-form").get_by_role("button").click()
    page.wait_for_load_state()

    certificate = Certificate.objects.get(order=order)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.number in page.locator("body").inner_text()
    assert page.locator("#order-status").inner_text() == "証明書発行済み"
    screenshot("certificates-order-ja")

    # Anyone can check the number; the name shows only with the token from the QR code.
    page.goto(f"{live_server.url}/en/verify/{certificate.number}/")
    public = page.locator("main, body").first.inner_text()
    assert "JP-FO-0158" in public and "株式会社サンプル商事" not in public
    page.goto(f"{live_server.url}/verify/{certificate.number}/?t={certificate.token}")
    assert "株式会社サンプル商事" in page.locator("body").inner_text()
    screenshot("certificate-verify-ja")
