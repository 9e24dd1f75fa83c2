"""The daily reconciliation of the ledger: the invariants the public figures rest on, checked in SQL.

1. **Allocations match sales**, per batch: the serials allocated from a batch equal the
   tonnes its paid order lines bought, less what was delivered from another batch
   (carried-out substitutions) or still waits for a substitution, plus what the batch
   delivered as a substitute. An allocation nobody paid for, or a paid line that silently
   has no serials, shows here.
2. **Every retirement lies inside its allocation**: the registry retired serials that were sold.
3. **Every live certificate lies inside a retirement**: each range of a pending or valid
   certificate is inside the retirement it names (same prefix and serials), the range's
   live flag matches its certificate, and the certificate's tonnes are its ranges' sum.
4. **No serial on two live certificates**, judged by the certificates' status (the
   database's own guard relies on the ranges' live flag, which check 3 also verifies).
5. **The stock record mirrors the batch**: Oscar's stock is the unsold tonnes, its price the
   batch's price, and its holds the live reservations and promised substitutions.

Each run and its findings are stored; a run with findings is e-mailed to staff (the outbox,
as every e-mail of the shop) and shown on the dashboard index.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    RowRange,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from oscar.core.loading import get_model

from legal.processors import outbox
from legal.processors.models import Purpose

from ..ledger import batches_with_tonnes
from ..models import (
    Allocation,
    Certificate,
    CertificateSerialRange,
    CreditBatch,
    ReconciliationFinding,
    ReconciliationRun,
    Retirement,
    Substitution,
)
from .substitutions import SHORTFALL_FLAG

Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")

logger = logging.getLogger(__name__)
Invariant = ReconciliationFinding.Invariant


def _finding(invariant: str, subject: str, detail: str, batch_id: int | None = None) -> ReconciliationFinding:
    return ReconciliationFinding(invariant=invariant, subject=subject[:200], detail=detail, batch_id=batch_id)


def _batch_label(batch: CreditBatch) -> str:
    return f"{batch.project.name_en or batch.project.name} {batch.vintage} ({batch.serial_range_label})"


def _sum(queryset, group: str, tonnes) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(total=Sum(tonnes)).values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


def _serials(prefix: str = ""):
    return F(f"{prefix}serial_last") - F(f"{prefix}serial_first") + 1


def _lines_owed_per_batch() -> dict[int, int]:
    """{batch id: tonnes its own paid lines should have as serials of that batch}.

    A line's tonnes are serials of its batch, unless they were delivered from another batch
    (a carried-out substitution) or wait for one: scheduled, or the order is flagged as short
    and the line has no serials of its batch at all (a sale is all or nothing per line).
    """
    own_serials = Allocation.objects.filter(
        order_line=OuterRef("pk"), batch=OuterRef("product__credit_batch")
    )
    substituted = Substitution.objects.filter(
        order_line=OuterRef("pk"), status__in=[Substitution.Status.CARRIED_OUT, Substitution.Status.SCHEDULED]
    )
    lines = Line.objects.filter(product__credit_batch__isnull=False).annotate(
        batch_id=F("product__credit_batch"),
        has_own=Exists(own_serials),
        substituted=_sum(substituted.values("order_line"), "order_line", F("tonnes")),
        short=Q(order__attention_reason__contains=SHORTFALL_FLAG),
    )
    owed: dict[int, int] = {}
    for row in lines.values("batch_id", "quantity", "has_own", "substituted", "short"):
        waiting = row["quantity"] if row["short"] and not row["has_own"] else row["substituted"]
        owed[row["batch_id"]] = owed.get(row["batch_id"], 0) + max(row["quantity"] - waiting, 0)
    return owed


def _check_allocations_match_sales(batches: list[CreditBatch]) -> list[ReconciliationFinding]:
    owed = _lines_owed_per_batch()
    delivered = dict(
        Substitution.objects.filter(status=Substitution.Status.CARRIED_OUT)
        .order_by()
        .values_list("substitute_batch")
        .annotate(tonnes=Sum(_serials("allocation__")))
    )
    findings = []
    for batch in batches:
        expected = owed.get(batch.pk, 0) + delivered.get(batch.pk, 0)
        if batch.sold != expected:
            findings.append(
                _finding(
                    Invariant.ALLOCATIONS_MATCH_SALES,
                    _batch_label(batch),
                    f"{batch.sold} t of serials allocated, but paid order lines account for {expected} t "
                    f"({owed.get(batch.pk, 0)} t sold on the batch, {delivered.get(batch.pk, 0)} t delivered "
                    "as substitutes).",
                    batch.pk,
                )
            )
        if batch.sold > batch.tonnes_issued:
            findings.append(
                _finding(
                    Invariant.ALLOCATIONS_MATCH_SALES,
                    _batch_label(batch),
                    f"{batch.sold} t allocated from a batch of {batch.tonnes_issued} t.",
                    batch.pk,
                )
            )
    return findings


def _check_retirements_in_allocations() -> list[ReconciliationFinding]:
    outside = (
        Retirement.objects.filter(
            Q(serial_first__lt=F("allocation__serial_first"))
            | Q(serial_last__gt=F("allocation__serial_last"))
        )
        .select_related("allocation__batch__project")
        .order_by("pk")
    )
    return [
        _finding(
            Invariant.RETIREMENT_IN_ALLOCATION,
            f"{retirement.registry_reference}",
            f"Retired serials {retirement.serial_first}–{retirement.serial_last} are not all inside the "
            f"allocation {retirement.allocation} they retire.",
            retirement.allocation.batch_id,
        )
        for retirement in outside
    ]


def _check_certificates_in_retirements() -> list[ReconciliationFinding]:
    live = Q(certificate__status__in=Certificate.LIVE_STATUSES)
    outside = (
        CertificateSerialRange.objects.filter(live)
        .filter(
            Q(serial_first__lt=F("retirement__serial_first"))
            | Q(serial_last__gt=F("retirement__serial_last"))
            | ~Q(serial_prefix=F("retirement__allocation__batch__serial_prefix"))
        )
        .select_related("certificate", "retirement__allocation")
        .order_by("pk")
    )
    findings = [
        _finding(
            Invariant.CERTIFICATE_IN_RETIREMENT,
            str(serial_range.certificate),
            f"It states {serial_range} but retirement {serial_range.retirement.registry_reference} retired "
            f"serials {serial_range.retirement.serial_first}–{serial_range.retirement.serial_last}.",
            serial_range.retirement.allocation.batch_id,
        )
        for serial_range in outside
    ]
    flag_wrong = (
        CertificateSerialRange.objects.filter((live & Q(is_live=False)) | (~live & Q(is_live=True)))
        .select_related("certificate")
        .order_by("pk")
    )
    findings += [
        _finding(
            Invariant.CERTIFICATE_IN_RETIREMENT,
            str(serial_range.certificate),
            f"The range {serial_range} is marked {'live' if serial_range.is_live else 'not live'} but the "
            f"certificate is {serial_range.certificate.status}.",
        )
        for serial_range in flag_wrong
    ]
    ranges = CertificateSerialRange.objects.filter(certificate=OuterRef("pk"))
    tonnes_wrong = (
        Certificate.objects.filter(status__in=Certificate.LIVE_STATUSES)
        .annotate(
            stated=_sum(ranges.values("certificate"), "certificate", _serials()),
            ranges=Coalesce(
                Subquery(
                    ranges.order_by().values("certificate").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        .filter(Q(ranges=0) | ~Q(tonnes=F("stated")))
        .order_by("pk")
    )
    findings += [
        _finding(
            Invariant.CERTIFICATE_IN_RETIREMENT,
            str(certificate),
            f"The certificate states {certificate.tonnes} t; its serial ranges hold {certificate.stated} t."
            if certificate.ranges
            else "The certificate states no retired serials.",
        )
        for certificate in tonnes_wrong
    ]
    return findings


def _check_serials_certified_once() -> list[ReconciliationFinding]:
    """Live ranges that start at or before the furthest serial reached by an earlier live range of
    the same prefix: one sorted pass (a window function), not a comparison of every pair."""
    live = CertificateSerialRange.objects.filter(certificate__status__in=Certificate.LIVE_STATUSES)
    reached = Window(
        Max("serial_last"),
        partition_by=[F("serial_prefix")],
        order_by=[F("serial_first").asc(), F("pk").asc()],
        frame=RowRange(start=None, end=-1),
    )
    twice = (
        live.annotate(reached=reached)
        .filter(reached__gte=F("serial_first"))
        .select_related("certificate", "retirement__allocation")
        .order_by("serial_prefix", "serial_first", "pk")
    )
    findings = []
    for serial_range in twice:
        # Which certificate it collides with: looked up only for the (rare) ranges found.
        other = (
            live.filter(
                serial_prefix=serial_range.serial_prefix,
                serial_first__lte=serial_range.serial_last,
                serial_last__gte=serial_range.serial_first,
            )
            .exclude(pk=serial_range.pk)
            .select_related("certificate")
            .order_by("serial_first", "pk")
            .first()
        )
        other_certificate = other.certificate if other else "?"
        findings.append(
            _finding(
                Invariant.SERIAL_CERTIFIED_ONCE,
                f"{other_certificate} / {serial_range.certificate}",
                f"Serials of {serial_range} on certificate {serial_range.certificate} are also on live "
                f"certificate {other_certificate}.",
                serial_range.retirement.allocation.batch_id,
            )
        )
    return findings


def _check_stock_mirrors(batches: list[CreditBatch], now: datetime.datetime) -> list[ReconciliationFinding]:
    stock = {
        record.product_id: record
        for record in StockRecord.objects.filter(product__credit_batch__isnull=False).order_by("pk")
    }
    findings = []
    for batch in batches:
        record = stock.get(batch.product_id)
        label = _batch_label(batch)
        if record is None:
            findings.append(
                _finding(Invariant.STOCK_MIRRORS_BATCH, label, "The batch has no stock record.", batch.pk)
            )
            continue
        unsold = batch.tonnes_issued - batch.sold
        held = batch.reserved + batch.promised
        problems = []
        if record.num_in_stock != unsold:
            problems.append(f"stock {record.num_in_stock} t, but {unsold} t are unsold")
        if record.num_allocated:
            problems.append(
                f"{record.num_allocated} t allocated in Oscar (the batch's allocations are the record)"
            )
        if record.price is None or record.price != batch.price_per_tonne:
            problems.append(f"price {record.price} yen, but the batch's price is {batch.price_per_tonne} yen")
        if record.tonnes_held(now) != held:
            problems.append(f"holds of {record.tonnes_held(now)} t, but {held} t are reserved or promised")
        if problems:
            findings.append(
                _finding(Invariant.STOCK_MIRRORS_BATCH, label, "; ".join(problems) + ".", batch.pk)
            )
    return findings


def ledger_reconcile(*, trigger: str, now: datetime.datetime | None = None) -> ReconciliationRun:
    """Check every invariant, store the run and its findings, e-mail staff when any is broken."""
    started_at = timezone.now()
    now = now or started_at
    batches = list(batches_with_tonnes(now=now))
    findings = [
        *_check_allocations_match_sales(batches),
        *_check_retirements_in_allocations(),
        *_check_certificates_in_retirements(),
        *_check_serials_certified_once(),
        *_check_stock_mirrors(batches, now),
    ]
    with transaction.atomic():
        run = ReconciliationRun.objects.create(
            trigger=trigger,
            started_at=started_at,
            finished_at=timezone.now(),
            batches_checked=len(batches),
            discrepancies=len(findings),
        )
        for finding in findings:
            finding.run = run
        ReconciliationFinding.objects.bulk_create(findings)
        if findings:
            run.staff_notified = _staff_notify(run, findings)
            run.save(update_fields=["staff_notified"])
    if findings:
        logger.warning("Ledger reconciliation %s found %s discrepancies", run.pk, len(findings))
    return run


def _staff_notify(run: ReconciliationRun, findings: list[ReconciliationFinding]) -> int:
    """E-mail every active staff member the run's findings (through the outbox); return how many."""
    recipients = list(
        get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="").order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {"run": run, "findings": findings, "shop_name": settings.OSCAR_SHOP_NAME}
        subject = render_to_string("offsets/emails/reconciliation_subject.txt", context).strip()
        body = render_to_string("offsets/emails/reconciliation_body.txt", context)
    for recipient in recipients:
        outbox.email_enqueue_rendered(
            purpose=Purpose.ACCOUNT_EMAIL,
            recipient=recipient.email,
            subject=subject,
            body=body,
            subject_user=recipient,
        )
    if not recipients:
        logger.warning("Ledger discrepancies but no staff member with an e-mail address to tell")
    return len(recipients)
