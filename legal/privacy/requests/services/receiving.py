"""1. Receiving: a request arrives with its identity documents and is acknowledged.

Anyone may ask, a member or not, in person or through an agent (APPI Art. 37(3)): for
the purposes of use (Art. 32(2)), disclosure or the records of provision to third
parties (Art. 33), a correction (Art. 34), or that we stop using or providing the data
(Art. 35). The request carries the documents that prove who is asking; if anything is
missing or wrong nothing is stored. It is due PRIVACY_REQUEST_DUE_DAYS after receipt
(the person may go to court two weeks after asking, Art. 39), and the acknowledgement
gives its reference. The person may send another document later, e.g. after one was
rejected (``identity_document_add``).
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legal.privacy.requests.models import (
    DISCLOSURE_KINDS,
    CorrectionItem,
    DeliveryMethod,
    IdentityDocument,
    PrivacyRequest,
    RequestKind,
    RequestStatus,
)

from .. import selectors
from ..files import identity_file_check
from ._common import Event, _event, _locked, _require_open, _staff
from .notifications import _notify

Role = IdentityDocument.Role
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone


@transaction.atomic
def privacy_request_submit(
    *,
    kind: str,
    requester_name: str,
    requester_email: str,
    documents: list[tuple[str, object]],
    user=None,
    requester_postal_address: str = "",
    delivery_method: str = "",
    details: str = "",
    corrections=(),
    reissue_certificates: bool = False,
    is_agent: bool = False,
    agent_name: str = "",
    agent_email: str = "",
) -> PrivacyRequest:
    """Receive a request with its identity documents ([(role, uploaded file)]) and acknowledge it.

    Raises ValidationError listing everything missing or wrong; nothing is stored then.
    """
    corrections = _clean_corrections(corrections) if kind == RequestKind.CORRECTION else []
    problems = _submission_problems(
        kind=kind,
        delivery_method=delivery_method,
        postal_address=requester_postal_address,
        corrections=corrections,
        is_agent=is_agent,
        agent_name=agent_name,
        agent_email=agent_email,
        roles={role for role, _upload in documents},
    )
    if not requester_name.strip() or not requester_email.strip():
        problems.append(_("Give the name and e-mail address of the person whose data it is."))
    checked = []
    for role, upload in documents:
        if role not in Role.values:
            raise ValueError(f"Unknown identity document role {role!r}")
        try:
            checked.append((role, upload, identity_file_check(upload)))
        except ValidationError as error:
            problems += [f"{Role(role).label}: {message}" for message in error.messages]
    if problems:
        raise ValidationError(problems)
    received_at = timezone.now()
    request = PrivacyRequest(
        requester=_staff(user),
        requester_name=requester_name.strip(),
        requester_email=requester_email.strip(),
        requester_postal_address=requester_postal_address.strip(),
        is_agent=is_agent,
        agent_name=agent_name.strip() if is_agent else "",
        agent_email=agent_email.strip() if is_agent else "",
        kind=kind,
        delivery_method=delivery_method if kind in DISCLOSURE_KINDS else "",
        details=details.strip(),
        corrections=corrections,
        reissue_certificates=reissue_certificates and kind == RequestKind.CORRECTION,
        received_at=received_at,
        due_on=due_date_for(received_at),
    )
    _save_with_new_reference(request)
    _event(request, Event.RECEIVED, actor=user)
    for role, upload, content_type in checked:
        _document_store(request, role, upload, content_type)
    _notify(request, outcome="received")
    return request


@transaction.atomic
def identity_document_add(*, request: PrivacyRequest, role: str, upload, actor=None) -> IdentityDocument:
    """The person sends another document (e.g. after one was rejected); staff check it again."""
    request = _locked(request)
    _require_open(request)
    if role not in selectors.required_document_roles(request=request):
        raise ValidationError(_("This request does not need that document."))
    content_type = identity_file_check(upload)
    document = _document_store(request, role, upload, content_type)
    if request.status == RequestStatus.IDENTITY_PENDING:
        request.status = RequestStatus.RECEIVED
        request.save(update_fields=["status"])
    return document


def due_date_for(received_at: datetime.datetime) -> datetime.date:
    """Received + PRIVACY_REQUEST_DUE_DAYS, counted in Japanese days."""
    return timezone.localdate(received_at) + datetime.timedelta(days=settings.PRIVACY_REQUEST_DUE_DAYS)


def _clean_corrections(corrections) -> list[dict]:
    cleaned = []
    for row in corrections or ():
        item = row.get("item")
        if item not in CorrectionItem.values:
            raise ValidationError(_("Choose what to correct from the list."))
        value = (row.get("value") or "").strip()
        delete = bool(row.get("delete"))
        if not value and not delete:
            raise ValidationError(
                _("Give the corrected value of “%(item)s”, or ask for it to be deleted.")
                % {"item": CorrectionItem(item).label}
            )
        cleaned.append({"item": item, "value": value, "delete": delete})
    return cleaned


def _submission_problems(
    *, kind, delivery_method, postal_address, corrections, is_agent, agent_name, agent_email, roles
) -> list[str]:
    problems = []
    if kind not in RequestKind.values:
        problems.append(_("Choose what you are asking for."))
    if kind in DISCLOSURE_KINDS:
        if delivery_method not in DeliveryMethod.values:
            problems.append(_("Choose how you want to receive the disclosure: electronically or on paper."))
        elif delivery_method == DeliveryMethod.PAPER and not postal_address.strip():
            problems.append(_("Give the postal address to send the paper disclosure to."))
    if kind == RequestKind.CORRECTION and not corrections:
        problems.append(_("Say what to correct, add or delete."))
    if is_agent and not (agent_name.strip() and agent_email.strip()):
        problems.append(_("An agent gives their own name and e-mail address."))
    required = [Role.POWER_OF_ATTORNEY, Role.AGENT_ID] if is_agent else [Role.REQUESTER_ID]
    for role in required:
        if role not in roles:
            problems.append(_("Attach the %(document)s.") % {"document": Role(role).label.lower()})
    return problems


def _save_with_new_reference(request: PrivacyRequest) -> None:
    for _attempt in range(10):
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        request.reference = f"PR-{timezone.localdate(request.received_at):%Y%m%d}-{code}"
        try:
            with transaction.atomic():
                request.save()
            return
        except IntegrityError:
            if not PrivacyRequest.objects.filter(reference=request.reference).exists():
                raise
    raise RuntimeError("Could not find a free privacy request reference")


def _document_store(request: PrivacyRequest, role: str, upload, content_type: str) -> IdentityDocument:
    document = IdentityDocument(request=request, role=role, content_type=content_type, size=upload.size)
    upload.seek(0)
    document.file.save("upload", upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)  # no row, no file
        raise
    _event(request, Event.DOCUMENT_UPLOADED, note=str(document.get_role_display()))
    return document
