"""Substituting credits of the same kind, instead of refunding (the shop never refunds).

A paid order line may have no serials: its payment succeeded after the hold lapsed and the
batch sold out meanwhile (``order_place_paid`` flags the order). Operations staff then:

1. ``substitution_schedule``: pick a batch the same-kind rule allows
   (``selectors.substitute_batches``); its tonnes are held for the customer from then on, and
   the customer is told in advance, by e-mail through the outbox and the delivery processor's
   scope, what will be delivered instead and from when.
2. ``substitution_carry_out`` (the scheduled task, or staff with "carry out now"): once the
   notice has gone out and ``SUBSTITUTION_NOTICE_DAYS`` have passed, the substitute serials
   are allocated in one transaction with the locks and guards of a sale; the order's flag is
   cleared when no line lacks serials any more, and the certificate can be issued.
3. ``substitution_cancel``: staff stop a scheduled substitution before it happens; its held
   tonnes go back on sale.

Every step writes a ``CertificateEvent`` on the order's history.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from legal.processors import outbox
from legal.processors.models import OutboxMessage, PersonalDataField, Purpose

from .. import selectors
from ..exceptions import SoldOut, SubstitutionRefused
from ..models import CertificateEvent, CreditBatch, Substitution
from .batches import _locked_batches, batch_sync_stock, tonnes_allocate

Order = get_model("order", "Order")
Line = get_model("order", "Line")

logger = logging.getLogger(__name__)

# The flag order_place_paid sets on an order paid for tonnes its batch could not deliver.
SHORTFALL_FLAG = "Substitute credits of the same kind:"


def _staff_member(user):
    return user if user is not None and user.is_authenticated else None


def _event(*, order, action: str, staff=None, note: str = "") -> CertificateEvent:
    return CertificateEvent.objects.create(order=order, action=action, staff=_staff_member(staff), note=note)


def _batch_label(batch: CreditBatch) -> str:
    return f"{batch.project.name_en or batch.project.name} {batch.vintage}"


def substitution_schedule(*, order_line, substitute_batch: CreditBatch, scheduled_by) -> Substitution:
    """Schedule the line's missing tonnes from ``substitute_batch`` and queue the customer's notice.

    SubstitutionRefused (nothing written) when the line lacks no serials, already has a
    substitution scheduled, or the batch is not of the same kind or has too few tonnes.
    """
    try:
        with transaction.atomic():
            return _substitution_create(
                order_line=order_line, substitute_batch=substitute_batch, scheduled_by=scheduled_by
            )
    except IntegrityError as error:
        # Two staff at once: the order lock makes this rare; the unique constraint decides.
        raise SubstitutionRefused(_("This order line already has a substitution scheduled.")) from error


def _substitution_create(*, order_line, substitute_batch: CreditBatch, scheduled_by) -> Substitution:
    order = Order.objects.select_for_update().get(pk=order_line.order_id)
    line = Line.objects.select_related("product__credit_batch__project").get(pk=order_line.pk)
    original = line.product.credit_batch
    # The tonnes checked for sale now are held for this customer from the moment they are told.
    _locked_batches([substitute_batch.pk])
    tonnes = selectors.line_tonnes_without_serials(line=line)
    if tonnes <= 0:
        raise SubstitutionRefused(
            _("%(line)s has all its serials: there is nothing to substitute.") % {"line": line.title}
        )
    if selectors.line_tonnes_to_substitute(line=line) < tonnes:
        raise SubstitutionRefused(_("This order line already has a substitution scheduled."))
    if (
        not selectors.substitute_batches(batch=original, tonnes=tonnes)
        .filter(pk=substitute_batch.pk)
        .exists()
    ):
        raise SubstitutionRefused(
            _(
                "%(batch)s cannot replace %(tonnes)s t of %(original)s: it must be of the same registry, "
                "type and category, of the same or a later vintage, with enough tonnes for sale."
            )
            % {"batch": substitute_batch, "tonnes": tonnes, "original": original}
        )
    now = timezone.now()
    substitution = Substitution.objects.create(
        order_line=line,
        original_batch=original,
        substitute_batch=substitute_batch,
        tonnes=tonnes,
        due_at=now + datetime.timedelta(days=settings.SUBSTITUTION_NOTICE_DAYS),
        scheduled_by=_staff_member(scheduled_by),
    )
    batch_sync_stock(batch=substitute_batch)
    _event(
        order=order,
        action=CertificateEvent.Action.SUBSTITUTION_SCHEDULED,
        staff=scheduled_by,
        note=(
            f"{tonnes} t of {_batch_label(original)} → {_batch_label(substitute_batch)} "
            f"from {timezone.localtime(substitution.due_at):%Y-%m-%d %H:%M}"
        ),
    )
    notice = _notice_queue(order=order, substitution=substitution)
    _event(
        order=order,
        action=CertificateEvent.Action.SUBSTITUTION_NOTICE_QUEUED,
        staff=scheduled_by,
        note=f"outbox message {notice.pk} to {notice.recipient}"
        if notice
        else "no e-mail address on the order",
    )
    return substitution


def _notice_queue(*, order, substitution: Substitution) -> OutboxMessage | None:
    """Tell the customer what will be delivered instead and from when, before it happens."""
    if not order.email:
        return None
    original, substitute = substitution.original_batch, substitution.substitute_batch
    return outbox.email_enqueue(
        purpose=Purpose.ORDER_EMAIL,
        recipient=order.email,
        template="offsets/emails/substitution",
        personal_data={
            PersonalDataField.NAME: order.user.get_full_name() if order.user else "",
            PersonalDataField.ORDER_NUMBER: order.number,
        },
        context={
            "tonnes": substitution.tonnes,
            "original": _batch_context(original),
            "substitute": _batch_context(substitute),
            "due_on": timezone.localdate(substitution.due_at).isoformat(),
        },
        subject_user=order.user,
        reference=substitution.notice_reference,
    )


def _batch_context(batch: CreditBatch) -> dict:
    project = batch.project
    return {
        "project": project.name,
        "project_en": project.name_en or project.name,
        "vintage": batch.vintage,
    }


def substitution_carry_out(*, substitution_id: int, carried_out_by=None) -> Substitution:
    """Allocate the substitute serials of a scheduled substitution whose notice period is over.

    One transaction with a sale's locks (the substitution, the order, then both batches in id
    order) and guards (the next unsold serials, never more than are for sale; the database
    refuses overlaps). SubstitutionRefused, nothing written, when it is not scheduled any more,
    not due, the customer's notice has not gone out, or the batch has too few tonnes left.
    """
    with transaction.atomic():
        substitution = (
            Substitution.objects.select_for_update(of=("self",))
            .select_related("original_batch__project", "substitute_batch__project")
            .get(pk=substitution_id)
        )
        _refuse_unless_scheduled(substitution)
        now = timezone.now()
        sent_at = _notice_sent_at(substitution)
        due_at = _due_at(substitution, sent_at)
        if due_at is None:
            raise SubstitutionRefused(
                _("The customer's notice has not been sent yet: it is carried out only after they are told.")
            )
        if due_at > now:
            raise SubstitutionRefused(
                _("The customer was told it happens from %(due)s: it cannot be carried out before then.")
                % {"due": f"{timezone.localtime(due_at):%Y-%m-%d %H:%M}"}
            )
        order = Order.objects.select_for_update().get(pk=substitution.order_line.order_id)
        line = substitution.order_line
        if selectors.line_tonnes_without_serials(line=line) < substitution.tonnes:
            raise SubstitutionRefused(_("The order line already has serials for these tonnes."))
        batches = _locked_batches([substitution.original_batch_id, substitution.substitute_batch_id])
        try:
            allocation = tonnes_allocate(
                basket_id=None,
                order_line=line,
                batch_id=substitution.substitute_batch_id,
                tonnes=substitution.tonnes,
                promised=substitution.tonnes,
            )
        except SoldOut as sold_out:
            raise SubstitutionRefused(
                _("%(batch)s has only %(available)s t left: cancel and schedule another batch.")
                % {"batch": sold_out.batch, "available": sold_out.available}
            ) from sold_out
        substitution.status = Substitution.Status.CARRIED_OUT
        substitution.allocation = allocation
        substitution.closed_by = _staff_member(carried_out_by)
        substitution.closed_at = now
        substitution.save(update_fields=["status", "allocation", "closed_by", "closed_at"])
        for batch in batches.values():
            batch_sync_stock(batch=batch)
        _shortfall_flag_clear(order)
        _event(
            order=order,
            action=CertificateEvent.Action.SUBSTITUTED,
            staff=carried_out_by,
            note=(
                f"{allocation} ({allocation.tonnes} t of {_batch_label(substitution.substitute_batch)}) "
                f"instead of {_batch_label(substitution.original_batch)}; "
                f"customer told at {timezone.localtime(sent_at):%Y-%m-%d %H:%M}"
            ),
        )
        return substitution


def _refuse_unless_scheduled(substitution: Substitution) -> None:
    if substitution.status == Substitution.Status.CARRIED_OUT:
        raise SubstitutionRefused(_("This substitution has been carried out already."))
    if substitution.status == Substitution.Status.CANCELLED:
        raise SubstitutionRefused(_("This substitution was cancelled."))


def _notice_sent_at(substitution: Substitution) -> datetime.datetime | None:
    notice = OutboxMessage.objects.filter(
        reference=substitution.notice_reference, status=OutboxMessage.Status.SENT
    ).first()
    return notice.sent_at if notice else None


def _due_at(substitution: Substitution, sent_at: datetime.datetime | None) -> datetime.datetime | None:
    """When it may happen: the scheduled time, or the full notice period after a notice sent late."""
    if sent_at is None:
        return None
    notice_period = substitution.due_at - substitution.scheduled_at
    return max(substitution.due_at, sent_at + notice_period)


def _shortfall_flag_clear(order) -> None:
    """Drop the "substitute credits" flag once no line lacks serials; other reasons stay."""
    lines = order.lines.all()
    if any(selectors.line_tonnes_without_serials(line=line) > 0 for line in lines):
        return
    kept = [reason for reason in order.attention_reason.splitlines() if not reason.startswith(SHORTFALL_FLAG)]
    order.attention_reason = "\n".join(kept)
    order.save(update_fields=["attention_reason"])


def substitution_cancel(*, substitution_id: int, cancelled_by, reason: str) -> Substitution:
    """Cancel a scheduled substitution before it happens; SubstitutionRefused once it is not scheduled."""
    reason = reason.strip()
    if not reason:
        raise SubstitutionRefused(_("Give the reason for cancelling."))
    with transaction.atomic():
        substitution = (
            Substitution.objects.select_for_update(of=("self",))
            .select_related("order_line", "substitute_batch__project")
            .get(pk=substitution_id)
        )
        _refuse_unless_scheduled(substitution)
        substitution.status = Substitution.Status.CANCELLED
        substitution.closed_by = _staff_member(cancelled_by)
        substitution.closed_at = timezone.now()
        substitution.cancellation_reason = reason
        substitution.save(update_fields=["status", "closed_by", "closed_at", "cancellation_reason"])
        # The tonnes held for this customer go back on sale.
        batch_sync_stock(
            batch=_locked_batches([substitution.substitute_batch_id])[substitution.substitute_batch_id]
        )
        _event(
            order=Order.objects.get(pk=substitution.order_line.order_id),
            action=CertificateEvent.Action.SUBSTITUTION_CANCELLED,
            staff=cancelled_by,
            note=f"{substitution.tonnes} t of {_batch_label(substitution.substitute_batch)}: {reason}",
        )
        return substitution


def substitutions_carry_out_due() -> int:
    """Carry out every substitution whose notice period is over; return how many were carried out.

    One that cannot happen yet (notice held by the processor registry, batch sold out) stays
    scheduled, logged for staff, who see the reason when they press "carry out now".
    """
    carried_out = 0
    for substitution_id in list(selectors.substitutions_due().values_list("pk", flat=True)):
        try:
            substitution_carry_out(substitution_id=substitution_id)
        except SubstitutionRefused as refused:
            logger.warning("Substitution %s not carried out: %s", substitution_id, refused.reason)
            continue
        carried_out += 1
    return carried_out
