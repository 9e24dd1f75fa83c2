"""Communication fork: Oscar's e-mails go out through the outbox and the processor gateway.

Oscar renders its account e-mails (password reset, e-mail or password
changed, stock alerts) itself; they are queued as rendered messages and
sent by the delivery processor only if the registry allows it.
"""

from django.core.mail import EmailMessage
from oscar.apps.communication import utils as oscar_utils
from oscar.apps.communication.utils import *  # noqa: F403  (Oscar's fork pattern)


class Dispatcher(oscar_utils.Dispatcher):
    def send_email_messages(self, recipient_email, messages, from_email=None, attachments=None):
        from legal.processors import outbox
        from legal.processors.models import Purpose

        outbox.email_enqueue_rendered(
            purpose=Purpose.ACCOUNT_EMAIL,
            recipient=recipient_email,
            subject=messages["subject"],
            body=messages["body"],
            html=messages.get("html") or "",
        )
        # Oscar keeps a copy of what it sent (customer.Email); give it the same shape.
        return EmailMessage(messages["subject"], messages["body"], to=[recipient_email])
