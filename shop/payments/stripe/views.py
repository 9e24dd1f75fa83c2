import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from common.http import client_ip

from . import webhooks
from .api import StripeUnavailable, WebhookEventMalformed, WebhookSignatureInvalid

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """POST /payments/stripe/webhook/: signed by Stripe; 400 for anything that is not."""
    try:
        outcome = webhooks.event_handle(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except WebhookSignatureInvalid as invalid:
        logger.warning("Refused a Stripe webhook from %s: %s", client_ip(request), invalid)
        return HttpResponse("Invalid signature.", status=400, content_type="text/plain")
    except WebhookEventMalformed as malformed:
        # Signed with our secret, yet unreadable: worth a look, but no stack trace to read.
        logger.warning("Refused a malformed Stripe event from %s: %s", client_ip(request), malformed)
        return HttpResponse("Malformed event.", status=400, content_type="text/plain")
    except StripeUnavailable:
        # Stripe retries the event later; nothing was changed.
        return HttpResponse("Stripe unreachable; retry later.", status=503, content_type="text/plain")
    return HttpResponse(outcome, content_type="text/plain")
