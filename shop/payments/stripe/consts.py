CURRENCY = "jpy"  # zero-decimal: amount=500 is ¥500

# The one seam between real Stripe and localstripe: how the browser turns the
# card Element into something a PaymentIntent can be confirmed with.
SEAM_PAYMENT_METHOD = "payment_method"  # stripe.createPaymentMethod -> pm_… (real Stripe)
SEAM_TOKEN = "token"  # noqa: S105  stripe.createToken -> card_… (localstripe: no createPaymentMethod)

STATUS_SUCCEEDED = "succeeded"
STATUS_REQUIRES_ACTION = "requires_action"

EVENT_PAYMENT_SUCCEEDED = "payment_intent.succeeded"
EVENT_PAYMENT_FAILED = "payment_intent.payment_failed"
EVENT_CHARGE_REFUNDED = "charge.refunded"
EVENT_DISPUTE_CREATED = "charge.dispute.created"
EVENT_DISPUTE_UPDATED = "charge.dispute.updated"
EVENT_DISPUTE_CLOSED = "charge.dispute.closed"

# A webhook signed more than this many seconds before or after now is refused: Stripe's
# default tolerance, in both directions (a timestamp from the future is no fresher).
WEBHOOK_TOLERANCE_SECONDS = 300
