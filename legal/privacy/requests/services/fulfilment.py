"""3. Fulfilment: doing what the person asked, for each kind of request.

- Disclosure (APPI Art. 33) and the records of provision to third parties (Art. 33(5)):
  ``disclosure_prepare`` keeps a JSON and a PDF copy with the request; on paper, staff
  post the print and call ``disclosure_mark_posted``; every download goes on the
  timeline (``disclosure_downloaded``).
- Correction, addition or deletion (Art. 34): ``correction_apply`` changes the account,
  the address book and the orders in one transaction; certificates are reissued only
  when the person asked for it.
- Cessation of use or of provision to third parties (Art. 35): ``restriction_record``;
  product alerts stop at once.
- Notification of the purposes of use (Art. 32(2)) needs nothing here: the reply on
  completion lists them.

Preparing, correcting and restricting need the identity confirmed first.
"""

import json
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from legal.privacy.requests.models import (
    DISCLOSURE_KINDS,
    CorrectionItem,
    DeliveryMethod,
    PrivacyRequest,
    RequestKind,
    UseRestriction,
)
from offsets import services as offsets_services

from .. import selectors
from ._common import Event, _event, _export_files_delete, _locked, _require_identity, _require_open, _staff

ADDRESS_FIELDS = ("postcode", "state", "line4", "line1", "line2", "phone_number")


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
        notes = []
        if scope == UseRestriction.Scope.USE:
            cancelled = _product_alerts_cancel(request)
            notes.append(_("Product alerts cancelled: %(count)s") % {"count": cancelled})
        # Showing the beneficiary on a public page is a use the person can stop (privacy policy §3).
        hidden = offsets_services.orders_visibility_hide(orders=selectors.orders_of(request=request))
        notes.append(
            _("Orders whose beneficiary is now hidden from the verification page: %(count)s")
            % {"count": hidden}
        )
        _event(request, Event.RESTRICTION_RECORDED, actor=staff, note="\n".join(notes))
    return restriction


def _provision_records_only(export: dict) -> dict:
    """For a request for the records of provision (Art. 33(5)): that section alone, with the header."""
    sections = {key: section for key, section in export["sections"].items() if key == "provision_records"}
    return {**export, "sections": sections}


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
