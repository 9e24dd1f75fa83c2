"""Notifications: the e-mail to the person (or their agent) on receipt and on every outcome.

The person is told what became of their request (APPI Art. 32(3), 33(3), 34(3), 35(7)),
in Japanese and English, and only through the outbox with the purpose
PERSONAL_DATA_NOTICE. Receiving, identity and decisions send through ``_notify``;
this module imports no other section.
"""

from django.utils import formats, timezone, translation

from legal.privacy.requests.models import (
    DISCLOSURE_KINDS,
    IdentityDocument,
    PrivacyRequest,
    RequestKind,
    RequestStatus,
)
from legal.processors import outbox
from legal.processors.models import PersonalDataField, Purpose

from ..links import request_url
from ..purposes import CONTINUING_PROCESSING, PURPOSES_OF_USE


def _notify(request: PrivacyRequest, *, outcome: str, document: IdentityDocument | None = None) -> None:
    """E-mail the person (or their agent) about receipt or an outcome, through the outbox only."""
    granted = outcome in (RequestStatus.COMPLETED, RequestStatus.PARTIALLY_REFUSED)
    context = {
        "reference": request.reference,
        "outcome": outcome,
        "kind": request.kind,
        "is_disclosure": request.kind in DISCLOSURE_KINDS,
        "delivery_method": request.delivery_method,
        "has_export": bool(request.export_created_at),
        "decision": request.decision,
        "refusal_explanation": request.refusal_explanation,
        "rejection_reason": document.rejection_reason if document else "",
    }
    for language in ("ja", "en"):
        with translation.override(language):
            context[language] = {
                "kind": str(request.get_kind_display()),
                "status": str(RequestStatus(outcome).label) if outcome in RequestStatus.values else "",
                "received_on": formats.date_format(timezone.localdate(request.received_at), "DATE_FORMAT"),
                "due_on": formats.date_format(request.due_on, "DATE_FORMAT"),
                "refusal_reason": str(request.get_refusal_reason_display()) if request.refusal_reason else "",
                "document": str(document.get_role_display()) if document else "",
                "url": request_url(request=request, language=language),
                "purposes": [str(text) for text in PURPOSES_OF_USE]
                if granted and request.kind == RequestKind.PURPOSES
                else [],
                "continuing": [str(text) for text in CONTINUING_PROCESSING]
                if granted
                and request.kind in (RequestKind.CESSATION_OF_USE, RequestKind.CESSATION_OF_PROVISION)
                else [],
            }
    outbox.email_enqueue(
        purpose=Purpose.PERSONAL_DATA_NOTICE,
        recipient=request.reply_email,
        template="legal/emails/privacy_request",
        personal_data={PersonalDataField.NAME: request.reply_name},
        context=context,
        subject_user=request.requester,
        reference=f"privacy-request:{request.reference}:{outcome}",
    )
