"""Place the order of every payment that succeeded without one (e.g. placement failed after payment).

Compares the PaymentIntents of open checkouts with Stripe; safe to run any time
(placement is idempotent on the PaymentIntent).
"""

from django.core.management.base import BaseCommand

from shop.apps.order.models import CheckoutSubmission
from shop.apps.order.services import PaymentNotVerified, order_place_paid
from shop.payments.stripe import api
from shop.payments.stripe.consts import STATUS_SUCCEEDED


class Command(BaseCommand):
    help = "Place orders for succeeded PaymentIntents that have none."

    def handle(self, *args, **options):
        placed = checked = 0
        open_checkouts = CheckoutSubmission.objects.exclude(status=CheckoutSubmission.Status.PLACED).exclude(
            payment_intent_id=None
        )
        for submission in open_checkouts.iterator():
            checked += 1
            intent = api.payment_intent_retrieve(intent_id=submission.payment_intent_id)
            if intent.status != STATUS_SUCCEEDED:
                continue
            try:
                order = order_place_paid(submission=submission, intent=intent)
            except PaymentNotVerified as problem:
                self.stderr.write(f"{submission.order_number}: not placed: {problem}")
                continue
            placed += 1
            self.stdout.write(f"{submission.order_number}: order {order.number} placed")
        self.stdout.write(f"Checked {checked} open checkout(s); placed {placed} order(s).")
