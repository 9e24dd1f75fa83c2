"""4. Decisions: the request closes (completed, refused in whole or in part, withdrawn); the person is told.

Completing grants the request in full: a disclosure not yet prepared is prepared now,
and a request to stop using or providing data records its restriction now. A refusal
names one of the listed grounds (``RefusalReason``: APPI Art. 33(2) and our policy) and
explains it to the person (Art. 36). A partial refusal grants the rest, which staff do
first and which needs a confirmed identity.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legal.privacy.requests.models import (
    DISCLOSURE_KINDS,
    DeliveryMethod,
    PrivacyRequest,
    RefusalReason,
    RequestKind,
    RequestStatus,
)

from ._common import Event, _event, _locked, _require_identity, _require_open
from .fulfilment import disclosure_prepare, restriction_record
from .notifications import _notify


@transaction.atomic
def privacy_request_complete(*, request: PrivacyRequest, staff, reply: str = "") -> PrivacyRequest:
    """Grant the request in full and tell the person.

    A disclosure is prepared now if staff have not prepared it; a request to
    stop using or providing data records the restriction now.
    """
    request = _locked(request)
    _require_open(request)
    _require_identity(request)
    problems = _fulfilment_problems(request)
    if problems:
        raise ValidationError(problems)
    if request.kind in DISCLOSURE_KINDS and not request.export_created_at:
        disclosure_prepare(request=request, staff=staff)
        request.refresh_from_db()
    if request.kind in (RequestKind.CESSATION_OF_USE, RequestKind.CESSATION_OF_PROVISION):
        restriction_record(request=request, staff=staff)
    request.refusal_reason, request.refusal_explanation = "", ""
    _close(request, RequestStatus.COMPLETED, Event.COMPLETED, staff, reply)
    return request


@transaction.atomic
def privacy_request_refuse(
    *, request: PrivacyRequest, staff, reason: str, explanation: str, partial: bool = False, reply: str = ""
) -> PrivacyRequest:
    """Refuse the request in whole or in part, on a listed ground, explained; the person is told.

    A partial refusal grants the rest: staff do that part first (prepare the
    disclosure, apply the correction, …), which needs a confirmed identity.
    """
    errors = []
    if reason not in RefusalReason.values:
        errors.append(_("Choose the reason for the refusal from the list."))
    if not explanation.strip():
        errors.append(_("Explain the refusal to the person; the law requires reasons."))
    if errors:
        raise ValidationError(errors)
    request = _locked(request)
    _require_open(request)
    if partial:
        _require_identity(request)
        if request.kind in (RequestKind.CESSATION_OF_USE, RequestKind.CESSATION_OF_PROVISION):
            # The part granted is the restriction; what is refused is the processing the law still needs.
            restriction_record(request=request, staff=staff)
        if (
            request.kind in DISCLOSURE_KINDS
            and request.delivery_method == DeliveryMethod.PAPER
            and (request.export_created_at and not request.posted_at)
        ):
            raise ValidationError(_("Post the printed disclosure and mark it posted first."))
    request.refusal_reason = reason
    request.refusal_explanation = explanation.strip()
    status, action = (
        (RequestStatus.PARTIALLY_REFUSED, Event.PARTIALLY_REFUSED)
        if partial
        else (RequestStatus.REFUSED, Event.REFUSED)
    )
    note = f"{request.get_refusal_reason_display()}: {request.refusal_explanation}"
    _close(request, status, action, staff, reply, note=note)
    return request


@transaction.atomic
def privacy_request_withdraw(*, request: PrivacyRequest, actor) -> PrivacyRequest:
    """The person takes the request back."""
    request = _locked(request)
    _require_open(request)
    _close(request, RequestStatus.WITHDRAWN, Event.WITHDRAWN, actor, "")
    return request


def _fulfilment_problems(request: PrivacyRequest) -> list[str]:
    problems = []
    if (
        request.kind in DISCLOSURE_KINDS
        and request.delivery_method == DeliveryMethod.PAPER
        and not request.posted_at
    ):
        problems.append(_("Post the printed disclosure and mark it posted first."))
    if (
        request.kind == RequestKind.CORRECTION
        and not request.events.filter(action=Event.CORRECTION_APPLIED).exists()
    ):
        problems.append(_("Apply the correction first (or refuse the request with a reason)."))
    return problems


def _close(request: PrivacyRequest, status: str, action: str, staff, reply: str, note: str = "") -> None:
    request.status = status
    request.decision = reply.strip()
    request.closed_at = timezone.now()
    request.save()
    _event(request, action, actor=staff, note=note or request.decision)
    _notify(request, outcome=status)
