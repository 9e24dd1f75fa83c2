"""E-mail backend that lets out only messages that went through the gateway.

Every message the outbox delivers carries the id of its provision record in
a header; anything else (a stray send_mail) is refused, so no e-mail leaves
the shop without the registry's permission and a record of the hand-over.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

PROVISION_HEADER = "X-Offset-Mart-Provision"
logger = logging.getLogger(__name__)


class UngovernedEmail(Exception):
    """An e-mail was about to leave the shop without going through the gateway."""


class GatewayOnlyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs)

    def send_messages(self, email_messages):
        for message in email_messages:
            if PROVISION_HEADER not in message.extra_headers:
                logger.error("Refused an e-mail to %s that did not go through the gateway", message.to)
                raise UngovernedEmail(f"E-mail to {message.to} did not go through the processor gateway")
        return self.delivery.send_messages(email_messages)
