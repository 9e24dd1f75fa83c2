"""Retiring sold credits at the registry and issuing the certificates that prove it.

The flow (operations staff, in the dashboard or by command):

1. ``order_retirement_record``: the registry retired an order line's serials;
   staff record the reference and date. Once every line is retired the order
   is "retired".
2. ``certificate_issue``: a pending certificate is numbered and states the
   retired serials (the database keeps each serial on one live certificate).
3. ``certificate_complete`` (background): the certificate-issuance processor
   receives the data its scope allows through the gateway, the PDF is built
   from exactly that, the certificate becomes valid and its e-mail is queued
   in the outbox. If the registry refuses the hand-over, the certificate
   waits with the reason shown to staff and completes once it is fixed.
4. ``certificate_reissue`` supersedes a valid certificate (e.g. a misspelt
   beneficiary); ``certificate_revoke`` revokes one with a reason.

Every step writes a ``CertificateEvent`` (who, what, when).
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from legal.processors import outbox
from legal.processors.exceptions import ProvisionRefused
from legal.processors.gateway import personal_data_hand_over
from legal.processors.models import PersonalDataField, ProcessorRole, Purpose

from ..calculator.selectors import certificate_calculation_statements
from ..certificate_pdf import (
    CertificateContent,
    CertificateDisclosure,
    CertificateLine,
    certificate_pdf_render,
)
from ..exceptions import CertificateRefused
from ..models import (
    Allocation,
    Certificate,
    CertificateBulkRun,
    CertificateEvent,
    CertificateSerialRange,
    Registry,
    Retirement,
)
from ..order_statuses import (
    STATUS_CERTIFICATE_ISSUED,
    STATUS_DISPUTED,
    STATUS_RETIRED,
    STATUSES_BEFORE_RETIREMENT,
)

Order = get_model("order", "Order")

logger = logging.getLogger(__name__)


MAX_REFERENCE_LENGTH = Retirement._meta.get_field("registry_reference").max_length
MAX_BENEFICIARY_LENGTH = Certificate._meta.get_field("beneficiary_name").max_length
MAX_PURPOSE_LENGTH = Certificate._meta.get_field("offset_purpose").max_length


@dataclass(frozen=True)
class RetirementEntry:
    """What staff read off the registry's retirement notice for one allocation."""

    allocation_id: int
    registry_reference: str
    retired_on: datetime.date
    serial_first: int
    serial_last: int


def _staff_member(user):
    """The user to record as having acted, or None for the system (a command, a worker, anonymous)."""
    return user if user is not None and user.is_authenticated else None


def _locked_order(order_id: int):
    return Order.objects.select_for_update().get(pk=order_id)


def _event(*, order, action: str, staff=None, certificate: Certificate | None = None, note: str = ""):
    return CertificateEvent.objects.create(
        order=order,
        certificate=certificate,
        action=action,
        staff=_staff_member(staff),
        note=note,
    )


# --- 1. Registry retirement -----------------------------------------------------


@transaction.atomic
def order_retirement_record(*, order, entries: list[RetirementEntry], recorded_by) -> list[Retirement]:
    """Record registry retirements for allocations of ``order``; ValidationError lists what is wrong.

    The retired serials must be exactly the serials sold on the line: the
    certificate states them, and no other buyer's serials may appear.
    """
    order = _locked_order(order.pk)
    allocations = {
        allocation.pk: allocation
        for allocation in Allocation.objects.filter(order_line__order=order).select_related("batch")
    }
    already = set(
        Retirement.objects.filter(allocation__in=allocations).values_list("allocation_id", flat=True)
    )
    today = timezone.localdate()
    placed_on = timezone.localdate(order.date_placed)
    errors = []
    for entry in entries:
        allocation = allocations.get(entry.allocation_id)
        if allocation is None:
            errors.append(_("Allocation %(id)s is not part of this order.") % {"id": entry.allocation_id})
            continue
        label = str(allocation)
        if allocation.pk in already:
            errors.append(_("%(serials)s: the retirement is already recorded.") % {"serials": label})
        reference = entry.registry_reference.strip()
        if not reference:
            errors.append(_("%(serials)s: enter the registry's retirement reference.") % {"serials": label})
        elif len(reference) > MAX_REFERENCE_LENGTH:
            errors.append(
                _("%(serials)s: the reference can be at most %(max)s characters.")
                % {"serials": label, "max": MAX_REFERENCE_LENGTH}
            )
        if entry.retired_on > today:
            errors.append(_("%(serials)s: the retirement date cannot be in the future.") % {"serials": label})
        elif entry.retired_on < placed_on:
            errors.append(
                _("%(serials)s: the retirement date is before the order was placed (%(placed)s).")
                % {"serials": label, "placed": placed_on}
            )
        if (entry.serial_first, entry.serial_last) != (allocation.serial_first, allocation.serial_last):
            errors.append(
                _(
                    "%(serials)s: the registry must retire exactly the serials sold on this line "
                    "(%(first)s–%(last)s), not %(given_first)s–%(given_last)s."
                )
                % {
                    "serials": label,
                    "first": allocation.serial_first,
                    "last": allocation.serial_last,
                    "given_first": entry.serial_first,
                    "given_last": entry.serial_last,
                }
            )
    if not entries:
        errors.append(_("Choose at least one line to record."))
    if errors:
        raise ValidationError(errors)
    retirements = [
        Retirement.objects.create(
            allocation=allocations[entry.allocation_id],
            registry_reference=entry.registry_reference.strip(),
            retired_on=entry.retired_on,
            serial_first=entry.serial_first,
            serial_last=entry.serial_last,
            recorded_by=_staff_member(recorded_by),
        )
        for entry in entries
    ]
    _event(
        order=order,
        action=CertificateEvent.Action.RETIREMENT_RECORDED,
        staff=recorded_by,
        note="; ".join(f"{r.allocation} → {r.registry_reference} ({r.retired_on})" for r in retirements),
    )
    if order.status in STATUSES_BEFORE_RETIREMENT and _unretired_problems(order) == []:
        order.set_status(STATUS_RETIRED)
    return retirements


def _unretired_problems(order) -> list[str]:
    """Why the order's tonnes are not all retired yet; empty when every line is."""
    problems = []
    for line in order.lines.prefetch_related("credit_allocations__retirement"):
        allocations = list(line.credit_allocations.all())
        if sum(allocation.tonnes for allocation in allocations) < line.quantity:
            problems.append(
                _("%(line)s: not all tonnes have serials yet (substitute credits first).")
                % {"line": line.title}
            )
        for allocation in allocations:
            if not hasattr(allocation, "retirement"):
                problems.append(_("%(serials)s: not retired at the registry yet.") % {"serials": allocation})
    return problems


# --- 2. Issuance ---------------------------------------------------------------------


def certificate_issue(*, order, requested_by) -> Certificate:
    """Number a pending certificate for the retired tonnes of ``order`` and build it in the background.

    CertificateRefused (nothing written) when the order is disputed, has
    tonnes not yet retired, or already has a certificate.
    """
    try:
        with transaction.atomic():
            certificate = _certificate_create(order=order, requested_by=requested_by)
    except IntegrityError as error:
        # Two requests at once: the order lock makes this rare; the database decides.
        raise CertificateRefused(
            _("Order %(number)s already has a certificate.") % {"number": order.number}
        ) from error
    return certificate


def _certificate_create(
    *, order, requested_by, supersedes: Certificate | None = None, **details
) -> Certificate:
    order = _locked_order(order.pk)
    if order.status == STATUS_DISPUTED:
        raise CertificateRefused(
            _("Order %(number)s is disputed: resolve the dispute before issuing.") % {"number": order.number}
        )
    if (
        supersedes is None
        and Certificate.objects.filter(order=order, status__in=Certificate.LIVE_STATUSES).exists()
    ):
        raise CertificateRefused(_("Order %(number)s already has a certificate.") % {"number": order.number})
    problems = _unretired_problems(order)
    if problems:
        raise CertificateRefused(
            _("Order %(number)s cannot be certified yet: %(problems)s")
            % {"number": order.number, "problems": " ".join(problems)}
        )
    retirements = list(
        Retirement.objects.filter(allocation__order_line__order=order)
        .select_related("allocation__batch")
        .order_by("allocation__batch__serial_prefix", "serial_first")
    )
    certificate = Certificate.objects.create(
        order=order,
        beneficiary_name=details.get("beneficiary_name", order.beneficiary_name),
        offset_purpose=details.get("offset_purpose", order.offset_purpose),
        show_publicly=order.show_on_verification_page,
        tonnes=sum(retirement.tonnes for retirement in retirements),
        supersedes=supersedes,
        requested_by=_staff_member(requested_by),
    )
    # A number that is easy to read and quote; the sequence is the primary key, so it never collides.
    certificate.number = (
        f"{settings.CERTIFICATE_NUMBER_PREFIX}-{timezone.localdate().year}-{certificate.pk:06d}"
    )
    certificate.save(update_fields=["number"])
    CertificateSerialRange.objects.bulk_create(
        CertificateSerialRange(
            certificate=certificate,
            retirement=retirement,
            serial_prefix=retirement.allocation.batch.serial_prefix,
            serial_first=retirement.serial_first,
            serial_last=retirement.serial_last,
        )
        for retirement in retirements
    )
    _event(
        order=order,
        certificate=certificate,
        action=CertificateEvent.Action.ISSUE_REQUESTED,
        staff=requested_by,
        note=f"{certificate.number}: {certificate.tonnes} t",
    )
    _complete_after_commit(certificate)
    return certificate


def _complete_after_commit(certificate: Certificate) -> None:
    from ..tasks import certificate_complete as task

    transaction.on_commit(lambda: task.delay(certificate.pk))


def certificate_complete(*, certificate_id: int) -> str:
    """Finish a pending certificate: processor hand-over, PDF, valid, e-mail. Return its status.

    Safe to run again and from several workers: the row lock lets one finish
    it; the others find it no longer pending.
    """
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("order__user")
            .get(pk=certificate_id)
        )
        if certificate.status != Certificate.Status.PENDING:
            return certificate.status
        order = certificate.order
        # The footprint calculation, when the buyer asked for it on the certificate: energy use
        # tied to the beneficiary, so the processor must be allowed to receive it, or it waits.
        energy_use = certificate_calculation_statements(order=order, tonnes=certificate.tonnes)
        try:
            with transaction.atomic():
                handed = personal_data_hand_over(
                    role=ProcessorRole.CERTIFICATE_ISSUANCE,
                    purpose=Purpose.CERTIFICATE_ISSUANCE,
                    data={
                        PersonalDataField.BENEFICIARY_NAME: certificate.beneficiary_name,
                        PersonalDataField.OFFSET_PURPOSE: certificate.offset_purpose,
                        PersonalDataField.ORDER_NUMBER: order.number,
                        PersonalDataField.ENERGY_USE: energy_use or None,
                    },
                    subject_user=order.user,
                    subject_email=order.email,
                    reference=f"certificate:{certificate.number}",
                    required=[PersonalDataField.BENEFICIARY_NAME]
                    + ([PersonalDataField.ENERGY_USE] if energy_use else []),
                )
        except ProvisionRefused as refused:
            if certificate.waiting_reason != refused.reason:
                certificate.waiting_reason = refused.reason
                certificate.save(update_fields=["waiting_reason"])
                _event(
                    order=order,
                    certificate=certificate,
                    action=CertificateEvent.Action.WAITING,
                    note=refused.reason,
                )
            return certificate.status
        certificate.issued_at = timezone.now()
        pdf = certificate_pdf_render(
            content=certificate_content(certificate=certificate, personal=handed.data)
        )
        certificate.pdf.save(f"{certificate.token}/{certificate.number}.pdf", ContentFile(pdf), save=False)
        certificate.status = Certificate.Status.VALID
        certificate.waiting_reason = ""
        certificate.save(update_fields=["issued_at", "pdf", "status", "waiting_reason"])
        if order.status == STATUS_RETIRED:
            order.set_status(STATUS_CERTIFICATE_ISSUED)
        _event(
            order=order,
            certificate=certificate,
            action=CertificateEvent.Action.ISSUED,
            note=certificate.number,
        )
        _certificate_email_queue(certificate)
        return certificate.status


def certificates_complete_waiting() -> int:
    """Try again every pending certificate (after a registry change, and on a schedule); return how many
    became valid."""
    pending = (
        Certificate.objects.filter(status=Certificate.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(certificate_complete(certificate_id=pk) == Certificate.Status.VALID for pk in list(pending))


# --- What the certificate says -------------------------------------------------------


def certificate_url(*, certificate: Certificate, view: str, with_token: bool = True) -> str:
    """Absolute Japanese-page URL of the certificate's verification page or PDF, with its token."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(f"offsets:{view}", kwargs={"number": certificate.number})
    query = f"?t={certificate.token}" if with_token else ""
    return f"{settings.SHOP_BASE_URL.rstrip('/')}{path}{query}"


def _in_language(language: str, value) -> str:
    with translation.override(language):
        return str(value)


def certificate_content(*, certificate: Certificate, personal: dict) -> CertificateContent:
    """What the PDF shows; the personal fields are only those the processor was allowed to receive."""
    ranges = certificate.serial_ranges.select_related("retirement__allocation__batch__project").order_by(
        "serial_prefix", "serial_first"
    )
    lines = []
    for serial_range in ranges:
        batch = serial_range.retirement.allocation.batch
        project = batch.project
        registry = Registry(project.registry).label
        lines.append(
            CertificateLine(
                project_name=project.name,
                project_name_en=project.name_en or project.name,
                registry=_in_language("ja", registry),
                registry_en=_in_language("en", registry),
                registry_url=project.registry_url,
                registry_project_id=project.registry_project_id,
                methodology=project.methodology,
                methodology_en=project.methodology_en or project.methodology,
                vintage=batch.vintage,
                serial_prefix=serial_range.serial_prefix,
                serial_first=serial_range.serial_first,
                serial_last=serial_range.serial_last,
                tonnes=serial_range.tonnes,
                retirement_reference=serial_range.retirement.registry_reference,
                retired_on=serial_range.retirement.retired_on,
                disclosure=_certificate_disclosure(project),
            )
        )
    company = settings.COMPANY
    replaced = certificate.supersedes
    return CertificateContent(
        number=certificate.number,
        issued_on=timezone.localdate(certificate.issued_at or timezone.now()),
        beneficiary_name=personal.get(PersonalDataField.BENEFICIARY_NAME, ""),
        offset_purpose=personal.get(PersonalDataField.OFFSET_PURPOSE, ""),
        tonnes=certificate.tonnes,
        lines=tuple(lines),
        verification_url=certificate_url(certificate=certificate, view="certificate-verify"),
        issuer_name=company["name"],
        issuer_name_en=company["name_en"],
        status_note=(f"{replaced.number} を差し替えます / Replaces {replaced.number}" if replaced else ""),
        claims_guide_url=_claims_guide_url(),
        calculation_ja=(personal.get(PersonalDataField.ENERGY_USE) or {}).get("ja", ""),
        calculation_en=(personal.get(PersonalDataField.ENERGY_USE) or {}).get("en", ""),
    )


def _certificate_disclosure(project) -> CertificateDisclosure:
    """The project's quality disclosure as the certificate states it, in both languages."""

    def both(field: str) -> tuple[str, str]:
        value = getattr(project, field)
        if not value:
            return "", ""
        label = dict(type(project)._meta.get_field(field).flatchoices)[value]  # lazy: read in each language
        return _in_language("ja", label), _in_language("en", label)

    offset_type, offset_type_en = both("offset_type")
    ccp_label, ccp_label_en = both("ccp_label")
    adjustment, adjustment_en = both("corresponding_adjustment")
    return CertificateDisclosure(
        offset_type=offset_type,
        offset_type_en=offset_type_en,
        verification_body=project.verification_body,
        verification_body_en=project.verification_body_en,
        verified_on=project.verified_on,
        monitoring_period_start=project.monitoring_period_start,
        monitoring_period_end=project.monitoring_period_end,
        additionality=project.additionality,
        additionality_en=project.additionality_en,
        permanence=project.permanence,
        permanence_en=project.permanence_en,
        buffer_pool_percent=project.buffer_pool_percent,
        sdg_numbers=tuple(project.sdg_numbers),
        ccp_label=ccp_label,
        ccp_label_en=ccp_label_en,
        corresponding_adjustment=adjustment,
        corresponding_adjustment_en=adjustment_en,
    )


def _claims_guide_url() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("offsets:claims-guide")
    return f"{settings.SHOP_BASE_URL.rstrip('/')}{path}"


def _certificate_email_queue(certificate: Certificate) -> None:
    """The certificate's e-mail (a download link with the token), through the outbox and delivery gateway."""
    order = certificate.order
    if not order.email:
        logger.warning(
            "Order %s has no e-mail address: certificate %s not e-mailed", order.number, certificate
        )
        return
    outbox.email_enqueue(
        purpose=Purpose.ORDER_EMAIL,
        recipient=order.email,
        template="offsets/emails/certificate",
        personal_data={
            PersonalDataField.NAME: order.user.get_full_name() if order.user else "",
            PersonalDataField.ORDER_NUMBER: order.number,
            PersonalDataField.BENEFICIARY_NAME: certificate.beneficiary_name,
        },
        context={
            "number": certificate.number,
            "tonnes": certificate.tonnes,
            "replaces": certificate.supersedes.number if certificate.supersedes else "",
            "pdf_url": certificate_url(certificate=certificate, view="certificate-pdf"),
            "verification_url": certificate_url(certificate=certificate, view="certificate-verify"),
        },
        subject_user=order.user,
        reference=f"certificate:{certificate.number}",
    )


# --- 4. Reissue and revoke --------------------------------------------------------


def _retire_from_service(certificate: Certificate, status: str) -> None:
    certificate.status = status
    certificate.save(update_fields=["status", "revocation_reason", "revoked_at"])
    CertificateSerialRange.objects.filter(certificate=certificate).update(is_live=False)


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, beneficiary_name: str, offset_purpose: str, requested_by, note: str = ""
) -> Certificate:
    """Supersede ``certificate`` with a new one stating the corrected beneficiary and purpose."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    beneficiary_name, offset_purpose = beneficiary_name.strip(), offset_purpose.strip()
    errors = []
    if not certificate.is_live:
        errors.append(_("Only a valid certificate can be reissued; this one is %(status)s.")
                      % {"status": certificate.get_status_display()})  # fmt: skip
    if not beneficiary_name:
        errors.append(_("Enter the beneficiary name."))
    elif len(beneficiary_name) > MAX_BENEFICIARY_LENGTH:
        errors.append(
            _("The beneficiary name can be at most %(max)s characters.") % {"max": MAX_BENEFICIARY_LENGTH}
        )
    if len(offset_purpose) > MAX_PURPOSE_LENGTH:
        errors.append(_("The purpose can be at most %(max)s characters.") % {"max": MAX_PURPOSE_LENGTH})
    if errors:
        raise ValidationError(errors)
    _retire_from_service(certificate, Certificate.Status.SUPERSEDED)
    replacement = _certificate_create(
        order=certificate.order,
        requested_by=requested_by,
        supersedes=certificate,
        beneficiary_name=beneficiary_name,
        offset_purpose=offset_purpose,
    )
    _event(
        order=certificate.order,
        certificate=certificate,
        action=CertificateEvent.Action.REISSUED,
        staff=requested_by,
        note=f"{certificate.number} → {replacement.number}" + (f": {note.strip()}" if note.strip() else ""),
    )
    return replacement


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, revoked_by) -> Certificate:
    """Revoke a certificate (e.g. after a chargeback); a reason is required. The serials stay retired."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking the certificate."))
    if not certificate.is_live:
        raise ValidationError(
            _("Only a valid certificate can be revoked; this one is %(status)s.")
            % {"status": certificate.get_status_display()}
        )
    certificate.revocation_reason = reason
    certificate.revoked_at = timezone.now()
    _retire_from_service(certificate, Certificate.Status.REVOKED)
    _event(
        order=certificate.order,
        certificate=certificate,
        action=CertificateEvent.Action.REVOKED,
        staff=revoked_by,
        note=reason,
    )
    return certificate


# --- Bulk issuance ------------------------------------------------------------------


def certificates_bulk_run_create(*, order_ids: list[int], requested_by) -> CertificateBulkRun:
    """Record a bulk issuance of these orders' certificates (``certificates_bulk_issue`` carries it out)."""
    order_ids = sorted(set(order_ids))
    if not order_ids:
        raise ValidationError(_("Choose at least one order."))
    return CertificateBulkRun.objects.create(
        order_ids=order_ids,
        total=len(order_ids),
        requested_by=_staff_member(requested_by),
    )


def certificates_bulk_start(*, order_ids: list[int], requested_by) -> CertificateBulkRun:
    """Queue the issuance of many orders' certificates in the background; the run shows its progress."""
    run = certificates_bulk_run_create(order_ids=order_ids, requested_by=requested_by)
    from ..tasks import certificates_bulk_issue as task

    transaction.on_commit(lambda: task.delay(run.pk))
    return run


def certificates_bulk_issue(*, run_id: int, progress=None) -> CertificateBulkRun:
    """Issue the certificates of a bulk run, one order at a time, counting as it goes.

    Safe to run again: orders already certified are counted as refused with
    that reason, never issued twice. ``progress(run)`` is called after each.
    """
    run = CertificateBulkRun.objects.get(pk=run_id)
    CertificateBulkRun.objects.filter(pk=run.pk).update(status=CertificateBulkRun.Status.RUNNING)
    orders = {order.pk: order for order in Order.objects.filter(pk__in=run.order_ids)}
    issued = refused = 0
    problems = []
    for order_id in run.order_ids:
        order = orders.get(order_id)
        try:
            if order is None:
                raise CertificateRefused(_("Order %(id)s does not exist.") % {"id": order_id})
            certificate_issue(order=order, requested_by=run.requested_by)
            issued += 1
        except CertificateRefused as refusal:
            refused += 1
            problems.append({"order": order.number if order else str(order_id), "reason": refusal.reason})
        CertificateBulkRun.objects.filter(pk=run.pk).update(issued=issued, refused=refused, problems=problems)
        if progress is not None:
            progress(issued + refused, run.total)
    CertificateBulkRun.objects.filter(pk=run.pk).update(
        status=CertificateBulkRun.Status.DONE, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run
