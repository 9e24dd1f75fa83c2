"""Operations staff substitute credits of the same kind for a sold-out order in a real browser (no refund)."""

import re

import pytest
from django.core import mail
from oscar.core.loading import get_model

from offsets import services
from offsets.models import Certificate, Substitution
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.factories.orders import order_line_for

pytestmark = pytest.mark.django_db(transaction=True)

Order = get_model("order", "Order")


def test_staff_substitute_carry_out_and_certify_the_new_serials(
    live_server, page, screenshot, signed_in_staff, processors, settings
):
    settings.SUBSTITUTION_NOTICE_DAYS = 0
    sold_out = CreditBatchFactory(
        project=OffsetProjectFactory(name="北の森 間伐プロジェクト"),
        serial_prefix="JP-FO-0158",
        serial_first=1,
        serial_last=5,
    )
    services.tonnes_allocate(
        basket_id=None, order_line=order_line_for(sold_out, 5), batch_id=sold_out.pk, tonnes=5
    )
    line = order_line_for(sold_out, 3)
    Order.objects.filter(pk=line.order_id).update(
        status="paid",
        guest_email="buyer@example.jp",
        beneficiary_name="株式会社サンプル商事",
        attention_reason=f"{services.SHORTFALL_FLAG} JP-FO-0158: 3 t paid, 0 t left",
    )
    order = Order.objects.get(pk=line.order_id)
    CreditBatchFactory(project=OffsetProjectFactory(offset_type="avoidance"), vintage=2024)  # another kind
    same_kind = CreditBatchFactory(
        project=OffsetProjectFactory(name="南の森 植林プロジェクト"),
        serial_prefix="JP-FO-0200",
        vintage=2024,
        serial_first=301,
        serial_last=400,
    )

    page.goto(f"{live_server.url}/dashboard/certificates/order/{order.number}/")
    page.get_by_role("link", name="同種のクレジットで代替").click()
    page.wait_for_url(re.compile(rf"/order/{order.number}/lines/{line.pk}/substitute/$"))
    choices = page.locator("#substitution-form input[type=radio]")
    assert choices.count() == 1  # only the batch of the same kind is offered
    assert "南の森 植林プロジェクト" in page.locator("#substitution-form").inner_text()
    screenshot("substitution-choose-ja")
    choices.first.check()
    page.locator("#substitution-form").get_by_role("button").click()
    page.wait_for_url(re.compile(rf"/dashboard/certificates/order/{order.number}/$"))

    assert Substitution.objects.get().substitute_batch == same_kind
    # The customer is told before anything moves.
    assert "メール送信済み" in page.locator("#substitutions").inner_text()
    assert [message.to for message in mail.outbox] == [["buyer@example.jp"]]
    assert "南の森 植林プロジェクト（2024年度）3 t-CO2" in mail.outbox[0].body

    page.locator(".carry-out-form").get_by_role("button").click()
    page.wait_for_load_state()
    assert Substitution.objects.get().status == Substitution.Status.CARRIED_OUT
    assert "JP-FO-0200 301–303" in page.locator("#order-lines").inner_text()
    assert page.locator("text=Substitute credits of the same kind:").count() == 0
    history = page.locator("#certificate-events").inner_text()
    assert "代替を予定" in history and "代替を実施" in history
    screenshot("substitution-carried-out-ja")

    form = page.locator("#retirement-form")
    assert form.locator("input[name$=serial_first]").input_value() == "301"
    form.locator("input[name$=registry_reference]").fill("JCR-2026-0400")
    form.get_by_role("button").click()
    page.wait_for_load_state()
    page.locator("#issue-form").get_by_role("button").click()
    page.wait_for_load_state()

    certificate = Certificate.objects.get(order=order)
    assert certificate.status == Certificate.Status.VALID
    assert [(r.serial_prefix, r.serial_first, r.serial_last) for r in certificate.serial_ranges.all()] == [
        ("JP-FO-0200", 301, 303)
    ]
