"""Place the order of every payment that succeeded without one (e.g. placement failed after payment).

Compares every PaymentIntent of open checkouts (all attempts) with Stripe; safe to run any time
(placement is idempotent on the PaymentIntent).
"""

from django.core.management.base import BaseCommand

from shop.apps.order.models import CheckoutPaymentIntent, CheckoutSubmission
from shop.apps.order.services import PaymentNotVerified, order_place_paid
from shop.payments.stripe import api
from shop.payments.stripe.consts import STATUS_SUCCEEDED


class Command(BaseCommand):
    help = "Place orders for succeeded PaymentIntents that have none."

    def handle(self, *args, **options):
        placed = checked = 0
        attempts = CheckoutPaymentIntent.objects.exclude(
            submission__status=CheckoutSubmission.Status.PLACED
        ).select_related("submission")
        for attempt in attempts.iterator():
            checked += 1
            intent = api.payment_intent_retrieve(intent_id=attempt.payment_intent_id)
            if intent.status != STATUS_SUCCEEDED:
                continue
            try:
                order = order_place_paid(submission=attempt.submission, intent=intent)
            except PaymentNotVerified as problem:
                self.stderr.write(f"{attempt.submission.order_number}: not placed: {problem}")
                continue
            placed += 1
            self.stdout.write(f"{attempt.submission.order_number}: order {order.number} placed ({intent.id})")
        self.stdout.write(f"Checked {checked} open payment attempt(s); placed {placed} order(s).")
