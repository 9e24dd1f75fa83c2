"""Writes of privacy requests: receive, check identity, fulfil, decide, notify, purge.

The life of a request:

1. ``privacy_request_submit``: a member or anyone through the public form
   asks, with identity documents; the request is due PRIVACY_REQUEST_DUE_DAYS
   after receipt and the person gets an acknowledgement with the reference.
2. Staff check each document (``identity_document_verify`` /
   ``identity_document_reject``; a rejection tells the person, who may send
   another, ``identity_document_add``). Once every required document is
   verified the request is in progress.
3. Fulfilment per kind: ``disclosure_prepare`` (and ``disclosure_mark_posted``
   for paper), ``correction_apply``, ``restriction_record``; notification of
   purposes needs nothing more.
4. ``privacy_request_complete`` or ``privacy_request_refuse`` (in whole or in
   part, with a reason from the fixed list and an explanation).

Every step appends to the request's timeline; the person is e-mailed on
receipt and on every outcome, only through the outbox with the purpose
PERSONAL_DATA_NOTICE. ``identity_documents_purge`` deletes the private files
a set period after the request closes.
"""

import datetime
import json
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from legal.privacy.requests.models import (
    CLOSED_STATUSES,
    DISCLOSURE_KINDS,
    OPEN_STATUSES,
    CorrectionItem,
    DeliveryMethod,
    IdentityDocument,
    PrivacyRequest,
    PrivacyRequestEvent,
    RefusalReason,
    RequestKind,
    RequestStatus,
    UseRestriction,
)
from legal.processors import outbox
from legal.processors.models import PersonalDataField, Purpose

from . import selectors
from .files import identity_file_check
from .links import request_url
from .purposes import CONTINUING_PROCESSING, PURPOSES_OF_USE

logger = logging.getLogger(__name__)

Event = PrivacyRequestEvent.Action
Role = IdentityDocument.Role
Verification = IdentityDocument.Verification
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone


def _staff(user):
    """The user to record as having acted, or None for the system or an anonymous person."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _event(request: PrivacyRequest, action: str, *, actor=None, note: str = "", visible: bool = True):
    return PrivacyRequestEvent.objects.create(
        request=request, action=action, actor=_staff(actor), note=note, visible_to_requester=visible
    )


def _locked(request: PrivacyRequest) -> PrivacyRequest:
    return PrivacyRequest.objects.select_for_update().get(pk=request.pk)


def _require_open(request: PrivacyRequest) -> None:
    if not request.is_open:
        raise ValidationError(
            _("Request %(reference)s is closed (%(status)s).")
            % {"reference": request.reference, "status": request.get_status_display()}
        )


def due_date_for(received_at: datetime.datetime) -> datetime.date:
    """Received + PRIVACY_REQUEST_DUE_DAYS, counted in Japanese days."""
    return timezone.localdate(received_at) + datetime.timedelta(days=settings.PRIVACY_REQUEST_DUE_DAYS)


# --- 1. Receiving ------------------------------------------------------------------


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


# --- 2. Identity --------------------------------------------------------------------


def _document_locked(document: IdentityDocument) -> tuple[IdentityDocument, PrivacyRequest]:
    request = _locked(document.request)
    document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
    _require_open(request)
    if document.purged_at:
        raise ValidationError(_("This document has been deleted."))
    return document, request


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


def _require_identity(request: PrivacyRequest) -> None:
    if not selectors.identity_confirmed(request=request):
        raise ValidationError(
            _("Confirm the identity first: every required identity document must be verified.")
        )


# --- Staff handling -------------------------------------------------------------------


@transaction.atomic
def privacy_request_assign(*, request: PrivacyRequest, assignee, staff) -> PrivacyRequest:
    request = _locked(request)
    _require_open(request)
    request.assigned_to = assignee
    request.save(update_fields=["assigned_to"])
    note = assignee.get_full_name() or assignee.get_username() if assignee else _("nobody")
    _event(request, Event.ASSIGNED, actor=staff, note=note, visible=False)
    return request


@transaction.atomic
def privacy_request_note(*, request: PrivacyRequest, staff, note: str, visible_to_requester: bool = False):
    note = note.strip()
    if not note:
        raise ValidationError(_("Write the note."))
    return _event(_locked(request), Event.NOTE, actor=staff, note=note, visible=visible_to_requester)


# --- 3. Fulfilment ----------------------------------------------------------------------


@transaction.atomic
def disclosure_prepare(*, request: PrivacyRequest, staff) -> PrivacyRequest:
    """Produce the disclosure (JSON and PDF) and keep it with the request as disclosed."""
    from legal.privacy.export import personal_data_export, personal_data_export_pdf

    request = _locked(request)
    _require_open(request)
    if request.kind not in DISCLOSURE_KINDS:
        raise ValidationError(_("Only a disclosure request is answered with a copy of the data."))
    _require_identity(request)
    export = personal_data_export(user=request.requester, email=request.requester_email)
    if request.kind == RequestKind.PROVISION_RECORDS:
        export = _provision_records_only(export)
    pdf = personal_data_export_pdf(export)
    _export_files_delete(request)
    stem = f"disclosure/{request.reference}/{secrets.token_hex(8)}"
    request.export_json.save(
        f"{stem}.json",
        ContentFile(json.dumps(export, ensure_ascii=False, indent=2, default=str).encode()),
        save=False,
    )
    request.export_pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    request.export_created_at = timezone.now()
    request.save(update_fields=["export_json", "export_pdf", "export_created_at"])
    _event(request, Event.EXPORT_PREPARED, actor=staff)
    return request


def _provision_records_only(export: dict) -> dict:
    """For a request for the records of provision (Art. 33(5)): that section alone, with the header."""
    sections = {key: section for key, section in export["sections"].items() if key == "provision_records"}
    return {**export, "sections": sections}


def _export_files_delete(request: PrivacyRequest) -> int:
    deleted = 0
    for field in (request.export_json, request.export_pdf):
        if field.name:
            field.storage.delete(field.name)
            field.name = ""
            deleted += 1
    return deleted


@transaction.atomic
def disclosure_mark_posted(*, request: PrivacyRequest, staff) -> PrivacyRequest:
    """Staff posted the printed disclosure to the person's address."""
    request = _locked(request)
    _require_open(request)
    if request.delivery_method != DeliveryMethod.PAPER:
        raise ValidationError(_("Only a disclosure on paper is posted."))
    if not request.export_created_at:
        raise ValidationError(_("Prepare the disclosure before posting it."))
    request.posted_at = timezone.now()
    request.save(update_fields=["posted_at"])
    _event(request, Event.POSTED, actor=staff)
    return request


def disclosure_downloaded(*, request: PrivacyRequest, actor, file_format: str) -> None:
    """The timeline shows each download of the disclosed data (by the person or by staff)."""
    _event(
        request,
        Event.EXPORT_DOWNLOADED,
        actor=actor,
        note=file_format.upper(),
        visible=_staff(actor) is None or actor.pk == request.requester_id,
    )


@transaction.atomic
def correction_apply(
    *,
    request: PrivacyRequest,
    staff,
    values: dict[str, str],
    address: dict[str, str] | None = None,
    delete_addresses: bool = False,
) -> list[str]:
    """Apply reviewed corrections to the account, address book and orders in one transaction.

    ``values`` maps CorrectionItem codes to the new values ("" deletes where
    allowed). Certificates are reissued only when the person asked for it.
    Returns what changed, as timeline lines.
    """
    request = _locked(request)
    _require_open(request)
    if request.kind != RequestKind.CORRECTION:
        raise ValidationError(_("Only a correction request changes the data."))
    _require_identity(request)
    user = request.requester
    if user is not None:
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
    changes = []
    errors = []
    for item in (CorrectionItem.FIRST_NAME, CorrectionItem.LAST_NAME, CorrectionItem.EMAIL):
        if item not in values:
            continue
        if user is None:
            errors.append(
                _("This person has no account, so there is no %(item)s to correct.")
                % {"item": CorrectionItem(item).label}
            )
            continue
        new = values[item].strip()
        if item == CorrectionItem.EMAIL:
            problem = _email_problem(new, user)
            if problem:
                errors.append(problem)
                continue
        old = getattr(user, item)
        if old != new:
            setattr(user, item, new)
            changes.append(f"{CorrectionItem(item).label}: “{old}” → “{new}”")
    if address is not None or delete_addresses:
        changes += _address_correct(user, address, delete_addresses, errors)
    for item in (CorrectionItem.BENEFICIARY_NAME, CorrectionItem.OFFSET_PURPOSE):
        if item in values:
            changes += _order_field_correct(request, item, values[item].strip(), staff, errors)
    if errors:
        raise ValidationError(errors)
    if user is not None:
        user.save()
    if not changes:
        raise ValidationError(_("Nothing differs from what we hold; there is nothing to apply."))
    _event(request, Event.CORRECTION_APPLIED, actor=staff, note="\n".join(changes))
    return changes


def _email_problem(email: str, user) -> str:
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError:
        return _("“%(email)s” is not a valid e-mail address; an account cannot be without one.") % {
            "email": email
        }
    if get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        return _("Another account already uses %(email)s.") % {"email": email}
    return ""


ADDRESS_FIELDS = ("postcode", "state", "line4", "line1", "line2", "phone_number")


def _address_correct(user, address: dict | None, delete: bool, errors: list) -> list[str]:
    UserAddress = get_model("address", "UserAddress")
    if user is None:
        errors.append(_("This person has no account, so there is no address book to correct."))
        return []
    addresses = list(
        UserAddress.objects.select_for_update().filter(user=user).order_by("-is_default_for_billing", "pk")
    )
    if delete:
        for entry in addresses:
            entry.delete()
        return (
            [_("Address book: %(count)s address(es) deleted") % {"count": len(addresses)}]
            if addresses
            else []
        )
    if not addresses:
        Country = get_model("address", "Country")
        country = Country.objects.filter(iso_3166_1_a2="JP").first()
        if country is None:
            errors.append(_("There is no address to correct and Japan is not in the country list."))
            return []
        entry = UserAddress(user=user, country=country)
        before = ""
    else:
        entry = addresses[0]
        before = entry.summary
    for field in ADDRESS_FIELDS:
        if field in address:
            setattr(entry, field, address[field].strip())
    if not entry.line1:
        errors.append(_("The corrected address needs at least its first line."))
        return []
    entry.save()
    return [_("Address: “%(before)s” → “%(after)s”") % {"before": before, "after": entry.summary}]


def _order_field_correct(request: PrivacyRequest, item: str, value: str, staff, errors: list) -> list[str]:
    from offsets import services as offsets_services
    from offsets.models import Certificate

    limit = {"beneficiary_name": 100, "offset_purpose": 200}[item]
    if item == CorrectionItem.BENEFICIARY_NAME and not value:
        errors.append(_("A certificate needs a beneficiary name; it cannot be deleted."))
        return []
    if len(value) > limit:
        errors.append(
            _("%(item)s can be at most %(max)s characters.")
            % {"item": CorrectionItem(item).label, "max": limit}
        )
        return []
    orders = list(selectors.orders_of(request=request).select_for_update())
    if not orders:
        errors.append(
            _("This person has no orders, so there is no %(item)s to correct.")
            % {"item": CorrectionItem(item).label}
        )
        return []
    live = {
        certificate.order_id: certificate for certificate in selectors.live_certificates_of(request=request)
    }
    changes = []
    for order in orders:
        certificate = live.get(order.pk)
        if certificate is not None and not request.reissue_certificates:
            # The person did not ask for a new certificate: the issued one, and the order behind it, stay.
            continue
        if getattr(order, item) == value:
            continue
        order.__class__.objects.filter(pk=order.pk).update(**{item: value})
        changes.append(
            f"{CorrectionItem(item).label} ({_('order')} {order.number}): “{getattr(order, item)}” → "
            f"“{value}”"
        )
        if certificate is not None and certificate.status == Certificate.Status.VALID:
            replacement = offsets_services.certificate_reissue(
                certificate=certificate,
                beneficiary_name=value
                if item == CorrectionItem.BENEFICIARY_NAME
                else certificate.beneficiary_name,
                offset_purpose=value if item == CorrectionItem.OFFSET_PURPOSE else certificate.offset_purpose,
                requested_by=staff,
                note=_("Correction requested in %(reference)s") % {"reference": request.reference},
            )
            live[order.pk] = replacement
            _event(
                request,
                Event.CERTIFICATE_REISSUED,
                actor=staff,
                note=f"{certificate.number} → {replacement.number}",
            )
    return changes


@transaction.atomic
def restriction_record(*, request: PrivacyRequest, staff) -> UseRestriction:
    """Stop using (or providing) the person's data beyond the contract and the law.

    Marketing-type messages stop at once: the person's product alerts are
    cancelled, and the alert sender skips restricted people from now on.
    """
    request = _locked(request)
    _require_open(request)
    scope = {
        RequestKind.CESSATION_OF_USE: UseRestriction.Scope.USE,
        RequestKind.CESSATION_OF_PROVISION: UseRestriction.Scope.THIRD_PARTY_PROVISION,
    }.get(request.kind)
    if scope is None:
        raise ValidationError(_("Only a request to stop using or providing data records a restriction."))
    _require_identity(request)
    restriction = request.restrictions.filter(scope=scope).first()
    if restriction is None:
        restriction = UseRestriction.objects.create(
            user=request.requester,
            email=request.requester_email,
            scope=scope,
            request=request,
            recorded_by=_staff(staff),
        )
        if scope == UseRestriction.Scope.USE:
            cancelled = _product_alerts_cancel(request)
            note = _("Product alerts cancelled: %(count)s") % {"count": cancelled}
        else:
            note = ""
        _event(request, Event.RESTRICTION_RECORDED, actor=staff, note=note)
    return restriction


def _product_alerts_cancel(request: PrivacyRequest) -> int:
    from django.db.models import Q

    ProductAlert = get_model("customer", "ProductAlert")
    conditions = Q(email__iexact=request.requester_email)
    if request.requester_id:
        conditions |= Q(user_id=request.requester_id) | Q(user__email__iexact=request.requester_email)
    alerts = ProductAlert.objects.filter(conditions).exclude(
        status__in=[ProductAlert.CANCELLED, ProductAlert.CLOSED]
    )
    return alerts.update(status=ProductAlert.CANCELLED, date_cancelled=timezone.now())


# --- 4. Decisions ------------------------------------------------------------------------


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


# --- Notifications ------------------------------------------------------------------------


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


# --- Housekeeping ---------------------------------------------------------------------------


def identity_documents_purge(now: datetime.datetime | None = None) -> int:
    """Delete the identity documents and disclosed data of requests closed long enough ago.

    "Long enough" is the "identity_documents" period of PERSONAL_DATA_RETENTION_DAYS after closing.

    The files go, and so does the rows' content (only the fact that a
    document was checked, by whom and when, stays). Returns how many files
    were deleted. Safe to run again and from several workers at once.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS["identity_documents"])
    due = PrivacyRequest.objects.filter(
        status__in=CLOSED_STATUSES, closed_at__lte=cutoff, files_purged_at__isnull=True
    ).values_list("pk", flat=True)
    deleted = 0
    for pk in list(due):
        deleted += _request_files_purge(pk, now)
    return deleted


@transaction.atomic
def _request_files_purge(pk: int, now: datetime.datetime) -> int:
    request = PrivacyRequest.objects.select_for_update().get(pk=pk)
    if request.files_purged_at or request.status in OPEN_STATUSES:
        return 0
    deleted = 0
    for document in IdentityDocument.objects.select_for_update().filter(
        request=request, purged_at__isnull=True
    ):
        if document.file.name:
            document.file.storage.delete(document.file.name)
            deleted += 1
        document.file = ""
        document.content_type = ""
        document.size = 0
        document.rejection_reason = ""
        document.purged_at = now
        document.save(update_fields=["file", "content_type", "size", "rejection_reason", "purged_at"])
    deleted += _export_files_delete(request)
    request.files_purged_at = now
    request.save(update_fields=["export_json", "export_pdf", "files_purged_at"])
    _event(request, Event.FILES_PURGED)
    return deleted


PRIVATE_FOLDERS = ("identity", "disclosure")
ORPHAN_GRACE = datetime.timedelta(days=1)


def private_orphans_delete(now: datetime.datetime | None = None) -> int:
    """Delete private files no row refers to (left by a submission that failed after storing them).

    Files younger than a day are left alone: their row may not be committed yet.
    Returns how many files were deleted.
    """
    from .storage import private_storage

    now = now or timezone.now()
    known = set(IdentityDocument.objects.exclude(file="").values_list("file", flat=True))
    for json_name, pdf_name in PrivacyRequest.objects.values_list("export_json", "export_pdf"):
        known.update(name for name in (json_name, pdf_name) if name)
    deleted = 0
    for folder in PRIVATE_FOLDERS:
        for name in _private_files_under(private_storage, folder):
            if name in known or now - private_storage.get_modified_time(name) < ORPHAN_GRACE:
                continue
            private_storage.delete(name)
            deleted += 1
    return deleted


def _private_files_under(storage, folder: str):
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _private_files_under(storage, f"{folder}/{directory}")


def privacy_requests_housekeeping(now: datetime.datetime | None = None) -> int:
    """The scheduled clean-up: files past their keeping period, then orphaned files. Returns files deleted."""
    return identity_documents_purge(now=now) + private_orphans_delete(now=now)
