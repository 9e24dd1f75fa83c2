"""2. Identity: staff check each identity document before anything is disclosed or changed.

The law lets us set how requests are made, including how we confirm who the person is
and, for an agent, who the agent is and their authority (APPI Art. 37(1), (3)). Staff
verify or reject each required document. A rejection tells the person why and sets the
request back to waiting for documents; the person may send another
(``receiving.identity_document_add``). Once every required document is verified the
request is in progress, and fulfilment and decisions may go ahead.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legal.privacy.requests.models import IdentityDocument, PrivacyRequest, RequestStatus

from .. import selectors
from ._common import Event, _event, _locked, _require_open, _staff
from .notifications import _notify

Verification = IdentityDocument.Verification


@transaction.atomic
def identity_document_verify(*, document: IdentityDocument, staff) -> IdentityDocument:
    """Staff saw the document and it proves who the person (or agent) is."""
    document, request = _document_locked(document)
    document.verification = Verification.VERIFIED
    document.verified_by, document.verified_at, document.rejection_reason = _staff(staff), timezone.now(), ""
    document.save(update_fields=["verification", "verified_by", "verified_at", "rejection_reason"])
    _event(request, Event.DOCUMENT_VERIFIED, actor=staff, note=str(document.get_role_display()))
    if selectors.identity_confirmed(request=request) and request.status != RequestStatus.IN_PROGRESS:
        request.status = RequestStatus.IN_PROGRESS
        request.save(update_fields=["status"])
        _event(request, Event.IDENTITY_CONFIRMED, actor=staff)
    return document


@transaction.atomic
def identity_document_reject(*, document: IdentityDocument, staff, reason: str) -> IdentityDocument:
    """Staff cannot accept the document; the person is told why and asked for another."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the document is rejected; the person is told."))
    document, request = _document_locked(document)
    document.verification = Verification.REJECTED
    document.verified_by, document.verified_at, document.rejection_reason = (
        _staff(staff),
        timezone.now(),
        reason,
    )
    document.save(update_fields=["verification", "verified_by", "verified_at", "rejection_reason"])
    _event(request, Event.DOCUMENT_REJECTED, actor=staff, note=f"{document.get_role_display()}: {reason}")
    request.status = RequestStatus.IDENTITY_PENDING
    request.save(update_fields=["status"])
    _notify(request, outcome="identity_rejected", document=document)
    return document


def _document_locked(document: IdentityDocument) -> tuple[IdentityDocument, PrivacyRequest]:
    request = _locked(document.request)
    document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
    _require_open(request)
    if document.purged_at:
        raise ValidationError(_("This document has been deleted."))
    return document, request
