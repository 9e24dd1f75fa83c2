"""No screen, dashboard action, admin action or model method refunds or un-sells a paid order."""

import pytest
from django.urls import reverse as reverse_ja
from django.utils import translation
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.core.loading import get_model

from shop.apps.order.services import order_place_paid
from shop.apps.payment.models import RefundRefused
from tests.integration.payments.test_order_placement import submission  # noqa: F401  (fixture)
from tests.staff_login import verified_login

PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def reverse(name, **kwargs):
    with translation.override("en"):
        return reverse_ja(name, **kwargs)


@pytest.fixture
def order(submission):  # noqa: F811
    return order_place_paid(submission=submission, intent=submission.intent)


@pytest.fixture
def dashboard(client, django_user_model):
    verified_login(
        client, django_user_model.objects.create_superuser("ops", "ops@example.jp", "pw-123456789")
    )
    return client


def test_the_dashboard_order_page_explains_why_there_is_no_refund(dashboard, order):
    page = dashboard.get(
        reverse_ja("dashboard:order-detail", kwargs={"number": order.number})
    ).content.decode()

    assert "支払済みの注文は、ここで返金・キャンセルできません。" in page


@pytest.mark.parametrize(
    ("event_name", "created"), [("Refund", False), ("返金", False), ("Settlement", True)]
)
def test_refund_payment_events_are_refused_in_the_dashboard(dashboard, order, event_name, created):
    event_type = PaymentEventType.objects.create(name=event_name, code=f"code-{len(event_name)}")

    dashboard.post(
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        {
            "order_action": "create_order_payment_event",
            "payment_event_type": event_type.code,
            "amount": "9900",
        },
    )

    assert PaymentEvent.objects.filter(order=order).exists() is created


def test_status_changes_outside_the_pipeline_are_refused(order):
    with pytest.raises(InvalidOrderStatus):
        order.set_status("cancelled")
    with pytest.raises(InvalidOrderStatus):
        order.set_status("refunded")


def test_model_level_refund_paths_are_closed(order):
    with pytest.raises(RefundRefused):
        order.sources.get().refund(9900)
    with pytest.raises(ValueError, match="never go back on sale"):
        StockRecord.objects.get(product=order.lines.get().product).cancel_allocation(3)
