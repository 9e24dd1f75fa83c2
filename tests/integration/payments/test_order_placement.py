"""A verified payment places exactly one order, sells its serials, and keeps what was accepted."""

import pytest
from oscar.core.loading import get_class, get_model

from offsets import services as offsets_services
from shop.apps.order.models import CheckoutPaymentIntent, CheckoutSubmission, Order
from shop.apps.order.services import PaymentNotVerified, order_place_paid
from shop.payments.stripe.api import PaymentIntent
from shop.payments.stripe.gateway import PaymentAttempt, card_payment_take
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.integration.payments.test_stripe_gateway import card
from tests.staff_login import verified_login

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(localstripe, processors):
    """A customer who confirmed 3 t at ¥3,300 and paid with a good card."""
    batch = CreditBatchFactory(serial_prefix="JP-P", serial_first=1, serial_last=10, price_per_tonne=3300)
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(batch.product, 3)
    offsets_services.tonnes_reserve(basket_id=basket.pk, tonnes_by_batch={batch.pk: 3})
    submission = CheckoutSubmission.objects.create(
        order_number=OrderNumberGenerator().order_number(basket),
        basket_id=basket.pk,
        email="buyer@example.jp",
        beneficiary_name="株式会社サンプル",
        offset_purpose="社用車の排出",
        accepted_version_ids=[version.pk for version in accepted_set()],
        cross_border_consent=[{"processor": "Stripe, Inc.", "country": "US"}],
        amount=9900,
        attempt=1,
    )
    intent = card_payment_take(
        attempt=PaymentAttempt(submission.order_number, 1),
        amount=9900,
        payment_method=card(localstripe, "4242424242424242"),
        personal_data={},
    )
    CheckoutPaymentIntent.objects.create(submission=submission, attempt=1, payment_intent_id=intent.id)
    CheckoutSubmission.objects.filter(pk=submission.pk).update(payment_intent_id=intent.id)
    submission.refresh_from_db()
    submission.intent = intent
    submission.batch = batch
    return submission


def test_a_verified_payment_places_the_order_with_everything_it_must_keep(submission):
    order = order_place_paid(submission=submission, intent=submission.intent)

    assert order.number == submission.order_number and order.status == "paid"
    assert (order.total_incl_tax, order.payment_intent_id) == (9900, submission.intent.id)
    assert order.tax_breakdown == {"10": {"total_incl_tax": 9900, "tax": 900}}
    assert (order.beneficiary_name, order.offset_purpose) == ("株式会社サンプル", "社用車の排出")
    assert order.cross_border_consent == [{"processor": "Stripe, Inc.", "country": "US"}]
    [line] = order.lines.all()
    [allocation] = line.credit_allocations.all()
    assert (allocation.serial_first, allocation.serial_last) == (1, 3)
    assert order.legal_acceptances.count() == 3
    assert order.sources.get().amount_debited == 9900
    assert order.attention_reason == ""


def test_placing_again_returns_the_same_order(submission):
    first = order_place_paid(submission=submission, intent=submission.intent)
    second = order_place_paid(submission=submission, intent=submission.intent)

    assert first == second
    assert Order.objects.count() == 1
    assert first.lines.get().credit_allocations.count() == 1


@pytest.mark.parametrize(
    "tampered",
    [{"status": "requires_payment_method"}, {"amount": 100}, {"currency": "usd"}, {"id": "pi_someone_else"}],
)
def test_an_unverified_payment_places_nothing(submission, tampered):
    intent = PaymentIntent(**{**submission.intent.__dict__, **tampered})

    with pytest.raises(PaymentNotVerified):
        order_place_paid(submission=submission, intent=intent)

    assert Order.objects.count() == 0


def test_order_numbers_come_from_the_database_not_the_basket_id():
    first, second = Basket.objects.create(), Basket.objects.create()
    generator = OrderNumberGenerator()

    assert generator.order_number(first) == generator.order_number(first)
    assert generator.order_number(first) != generator.order_number(second)


def test_a_paid_order_is_never_deleted(submission, client, django_user_model):
    from django.urls import reverse
    from django.utils import translation

    from shop.apps.order.models import PaidOrderLocked

    order = order_place_paid(submission=submission, intent=submission.intent)

    with pytest.raises(PaidOrderLocked):
        order.delete()
    with pytest.raises(PaidOrderLocked):
        Order.objects.all().delete()
    with pytest.raises(PaidOrderLocked):
        order.lines.get().delete()
    verified_login(
        client, django_user_model.objects.create_superuser("root", "root@example.jp", "pw-123456789")
    )
    with translation.override("en"):
        url = reverse("admin:order_order_delete", args=[order.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Order.objects.filter(pk=order.pk).exists()


def test_reconciliation_places_a_paid_order_that_was_never_placed(submission):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("reconcile_payments", stdout=out)
    call_command("reconcile_payments", stdout=out)  # safe to repeat

    assert Order.objects.get().payment_intent_id == submission.intent.id
    assert "placed 1 order(s)" in out.getvalue() and "placed 0 order(s)" in out.getvalue()


def test_a_payment_after_the_reservation_lapsed_and_stock_went_is_flagged_not_refunded(submission):
    import datetime

    from django.utils import timezone

    from offsets.models import Reservation

    Reservation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    # Another buyer takes 9 of the 10 tonnes meanwhile.
    offsets_services.tonnes_reserve(basket_id=999999, tonnes_by_batch={submission.batch.pk: 9})

    order = order_place_paid(submission=submission, intent=submission.intent)

    order.refresh_from_db()
    assert order.status == "paid" and order.total_incl_tax == 9900
    assert "Substitute credits of the same kind" in order.attention_reason
    assert not order.lines.get().credit_allocations.exists()


def test_a_sold_out_order_gets_same_kind_credits_told_first_never_a_refund_and_a_certificate_naming_them(
    submission, settings, django_capture_on_commit_callbacks
):
    import datetime

    from django.core import mail
    from django.utils import timezone

    from offsets.models import Allocation, Reservation
    from shop.payments.stripe.api import payment_intent_retrieve
    from tests.factories.certificates import certificate_for, retire
    from tests.factories.offsets import OffsetProjectFactory

    settings.SUBSTITUTION_NOTICE_DAYS = 0
    Reservation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    offsets_services.tonnes_reserve(basket_id=999999, tonnes_by_batch={submission.batch.pk: 10})
    order = order_place_paid(submission=submission, intent=submission.intent)
    same_kind = CreditBatchFactory(
        project=OffsetProjectFactory(name_en="Northern Forest"),
        serial_prefix="JP-S",
        vintage=2024,
        serial_first=501,
        serial_last=600,
    )

    with django_capture_on_commit_callbacks(execute=True):
        substitution = offsets_services.substitution_schedule(
            order_line=order.lines.get(), substitute_batch=same_kind, scheduled_by=None
        )
    # The customer is told before anything moves: project, vintage, tonnes.
    [notice] = mail.outbox
    assert notice.to == ["buyer@example.jp"]
    assert "3 t-CO2 of Northern Forest (vintage 2024)" in notice.body
    assert not Allocation.objects.filter(order_line__order=order).exists()

    offsets_services.substitution_carry_out(substitution_id=substitution.pk)
    order.refresh_from_db()
    assert order.attention_reason == ""
    retire(order)
    certificate = certificate_for(order=order)

    assert [(r.serial_prefix, r.serial_first, r.serial_last) for r in certificate.serial_ranges.all()] == [
        ("JP-S", 501, 503)
    ]
    # Nothing came from the sold-out batch, and nothing was refunded.
    assert not Allocation.objects.filter(batch=submission.batch).exists()
    assert payment_intent_retrieve(intent_id=submission.intent.id).status == "succeeded"
    source = order.sources.get()
    assert (source.amount_debited, source.amount_refunded) == (9900, 0)


def test_a_late_second_payment_for_a_placed_order_is_recorded_and_flagged(submission, localstripe):
    from shop.apps.order.models import CheckoutPaymentIntent

    order = order_place_paid(submission=submission, intent=submission.intent)
    late = card_payment_take(
        attempt=PaymentAttempt(submission.order_number, 2),
        amount=9900,
        payment_method=card(localstripe, "4242424242424242"),
        personal_data={},
    )
    CheckoutPaymentIntent.objects.create(submission=submission, attempt=2, payment_intent_id=late.id)
    submission.refresh_from_db()

    again = order_place_paid(submission=submission, intent=late)
    order_place_paid(submission=submission, intent=late)  # webhook and reconciliation both see it

    assert again == order and Order.objects.count() == 1
    order.refresh_from_db()
    assert sorted(order.sources.values_list("reference", flat=True)) == sorted(
        [submission.intent.id, late.id]
    )
    assert order.attention_reason.count("second payment") == 1


def test_reconciliation_finds_an_earlier_attempt_that_succeeded_late(localstripe, processors):
    """Attempt 1 waits for 3-D Secure; the customer completes it after attempt 2 began."""
    import io
    import json
    import urllib.request

    from django.core.management import call_command

    from shop.apps.order.models import CheckoutPaymentIntent

    batch = CreditBatchFactory(serial_first=1, serial_last=10, price_per_tonne=3300)
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(batch.product, 1)
    submission = CheckoutSubmission.objects.create(
        order_number=OrderNumberGenerator().order_number(basket),
        basket_id=basket.pk,
        email="late@example.jp",
        beneficiary_name="X",
        accepted_version_ids=[v.pk for v in accepted_set()],
        amount=3300,
        attempt=2,
    )

    def attempt(number: int):
        return card_payment_take(
            attempt=PaymentAttempt(submission.order_number, number),
            amount=3300,
            payment_method=card(localstripe, "4000002760003184"),  # waits for 3-D Secure
            personal_data={},
        )

    first, second = attempt(1), attempt(2)
    CheckoutPaymentIntent.objects.create(submission=submission, attempt=1, payment_intent_id=first.id)
    CheckoutPaymentIntent.objects.create(submission=submission, attempt=2, payment_intent_id=second.id)
    CheckoutSubmission.objects.filter(pk=submission.pk).update(payment_intent_id=second.id)
    authenticate = urllib.request.Request(  # what localstripe's 3-D Secure page does
        f"{localstripe}/v1/payment_intents/{first.id}/_authenticate?success=true",
        data=json.dumps({"key": "pk_test_offsetmart", "client_secret": first.client_secret}).encode(),
        method="POST",
    )
    urllib.request.urlopen(authenticate, timeout=5)

    call_command("reconcile_payments", stdout=io.StringIO())

    assert Order.objects.get().payment_intent_id == first.id
