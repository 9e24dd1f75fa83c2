"""Outbound e-mail through the outbox and the gateway: written first, sent when allowed.

``email_enqueue`` stores the message (with the personal data it needs) and
asks for delivery after commit. Delivery hands the personal data to the
delivery processor through the gateway, renders the e-mail from only the
fields in that processor's scope, and sends it. A refused message is held
with the reason and retried when the registry changes and on a schedule.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .exceptions import ProvisionRefused
from .gateway import personal_data_hand_over
from .mail import PROVISION_HEADER
from .models import OutboxMessage, PersonalDataField, ProcessorRole

logger = logging.getLogger(__name__)


def email_enqueue(
    *,
    purpose: str,
    recipient: str,
    template: str,
    personal_data: dict[str, Any],
    context: dict[str, Any] | None = None,
    subject_user=None,
    reference: str = "",
) -> OutboxMessage:
    """Queue an e-mail rendered from ``template``_subject.txt / _body.txt at delivery.

    The templates see ``personal`` (only the fields the delivery processor
    may receive) and the JSON ``context``.
    """
    message = OutboxMessage.objects.create(
        purpose=purpose,
        recipient=recipient,
        template=template,
        personal_data={PersonalDataField.EMAIL: recipient, **personal_data},
        context=context or {},
        subject_user=subject_user if subject_user and subject_user.is_authenticated else None,
        reference=reference,
    )
    _deliver_after_commit(message)
    return message


def email_enqueue_rendered(
    *, purpose: str, recipient: str, subject: str, body: str, html: str = "", subject_user=None
) -> OutboxMessage:
    """Queue an e-mail Oscar already rendered (password reset and the like).

    Oscar's account e-mail templates carry no personal data beyond the
    recipient's address, which is what is handed over.
    """
    message = OutboxMessage.objects.create(
        purpose=purpose,
        recipient=recipient,
        personal_data={PersonalDataField.EMAIL: recipient},
        rendered={"subject": subject, "body": body, "html": html},
        subject_user=subject_user if subject_user and subject_user.is_authenticated else None,
    )
    _deliver_after_commit(message)
    return message


def _deliver_after_commit(message: OutboxMessage) -> None:
    from .tasks import outbox_deliver

    transaction.on_commit(lambda: outbox_deliver.delay(message.pk))


def message_deliver(*, message_id: int) -> str:
    """Try to send one outbox message now; return its status afterwards."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if message.status == OutboxMessage.Status.SENT:
            return message.status
        try:
            with transaction.atomic():
                handed = personal_data_hand_over(
                    role=ProcessorRole.DELIVERY,
                    purpose=message.purpose,
                    data=message.personal_data,
                    subject_user=message.subject_user,
                    subject_email=message.recipient,
                    reference=message.reference or f"outbox:{message.pk}",
                    required=[PersonalDataField.EMAIL],
                )
                message.sent_message = _send(message, handed.data, handed.record.pk)
        except ProvisionRefused as refused:
            return _mark(message, OutboxMessage.Status.HELD, refused.reason)
        except Exception as error:  # the mail server failing must not lose the message
            logger.exception("Sending outbox message %s failed", message.pk)
            return _mark(message, OutboxMessage.Status.FAILED, f"{type(error).__name__}: {error}")
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.attempts += 1
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "attempts", "last_error", "sent_message"])
        return message.status


def _mark(message: OutboxMessage, status: str, reason: str) -> str:
    message.status = status
    message.attempts += 1
    message.last_error = reason
    message.save(update_fields=["status", "attempts", "last_error"])
    return status


def _send(message: OutboxMessage, personal: dict[str, Any], provision_record_id: int) -> dict[str, str]:
    """Render and send the e-mail; return what was sent (subject, body, html)."""
    if message.template:
        context = {**message.context, "personal": personal, "shop_name": settings.OSCAR_SHOP_NAME}
        subject = render_to_string(f"{message.template}_subject.txt", context).strip()
        body = render_to_string(f"{message.template}_body.txt", context)
        html = ""
    else:
        subject, body, html = (message.rendered.get(key, "") for key in ("subject", "body", "html"))
    email = EmailMultiAlternatives(
        subject=" ".join(subject.splitlines()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[personal[PersonalDataField.EMAIL]],
        headers={PROVISION_HEADER: str(provision_record_id)},
    )
    if html:
        email.attach_alternative(html, "text/html")
    email.send()
    return {"subject": email.subject, "body": body, "html": html}


def outbox_retry() -> int:
    """Try again every held or failed message; return how many were sent."""
    waiting = OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.HELD, OutboxMessage.Status.FAILED]
    ).values_list("pk", flat=True)
    return sum(message_deliver(message_id=pk) == OutboxMessage.Status.SENT for pk in list(waiting))
