"""Writes of the carbon domain.

Every change to a credit batch goes through ``batch_save`` so the Oscar
product and its stock record (the catalogue's view of "tonnes for sale")
stay in step with the batch, and so serial ranges are checked under a lock.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from ..exceptions import SoldOut
from ..models import Allocation, CreditBatch, OffsetProject, Reservation
from ..selectors import (
    batch_allocated_tonnes,
    batch_available_tonnes,
    batch_overlapping,
    batches_allocated_tonnes,
    batches_available_tonnes,
    batches_live_reservations,
    batches_scheduled_substitutions,
)
from ..signals import stock_synced
from .disclosures import batch_sale_check

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
StockAlert = get_model("partner", "StockAlert")

CREDIT_BATCH_PRODUCT_CLASS = "Carbon credit batch"
# A scheduled substitution's hold on the stock mirror has no expiry of its own.
SUBSTITUTION_HOLD_UNTIL = datetime.datetime.max.replace(tzinfo=datetime.UTC)
SELLER_PARTNER = "Offset Mart"


def _serial_prefix_lock(serial_prefix: str) -> None:
    """Serialise writers of one serial prefix until the transaction ends.

    On PostgreSQL a transaction-level advisory lock: two staff members saving
    overlapping ranges at once cannot both pass validation. SQLite allows one
    writer at a time anyway (and a trigger rejects overlaps).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [serial_prefix])


def batch_validate(*, batch: CreditBatch) -> None:
    """Raise ValidationError (with a message per field) when ``batch`` may not be saved.

    Call inside a transaction: it takes the serial-prefix lock, which holds
    until commit so the check stays true when the row is written.
    """
    batch.full_clean(exclude=["product"], validate_unique=True)
    _serial_prefix_lock(batch.serial_prefix)
    clash = batch_overlapping(
        serial_prefix=batch.serial_prefix,
        serial_first=batch.serial_first,
        serial_last=batch.serial_last,
        exclude_pk=batch.pk,
    ).first()
    if clash is not None:
        raise ValidationError(
            {
                "serial_first": _(
                    "Serials %(first)s–%(last)s under prefix %(prefix)s overlap batch "
                    "“%(batch)s” (%(clash_first)s–%(clash_last)s)."
                )
                % {
                    "first": batch.serial_first,
                    "last": batch.serial_last,
                    "prefix": batch.serial_prefix,
                    "batch": clash,
                    "clash_first": clash.serial_first,
                    "clash_last": clash.serial_last,
                }
            }
        )
    if batch.pk is not None:
        _refuse_unselling(batch)
    if _goes_on_sale(batch):
        batch_sale_check(project=batch.project)


def _goes_on_sale(batch: CreditBatch) -> bool:
    """A new batch's product starts public; a public batch moved to another project is sold under it."""
    if batch.pk is None:
        return True
    stored = CreditBatch.objects.filter(pk=batch.pk).values("project_id", "product__is_public").first()
    return stored is not None and stored["project_id"] != batch.project_id and stored["product__is_public"]


def _refuse_unselling(batch: CreditBatch) -> None:
    """Sold serials stay inside the batch, and sales keep filling it from its first serial."""
    stored = CreditBatch.objects.get(pk=batch.pk)
    sold = Allocation.objects.filter(batch_id=batch.pk)
    if not sold.exists():
        return
    if batch.serial_first != stored.serial_first or batch.serial_prefix != stored.serial_prefix:
        raise ValidationError(
            {"serial_first": _("The first serial and the prefix cannot change once tonnes are sold.")}
        )
    last_sold = max(sold.values_list("serial_last", flat=True))
    if batch.serial_last < last_sold:
        raise ValidationError(
            {"serial_last": _("Serials up to %(last)s are already sold.") % {"last": last_sold}}
        )


def product_class_for_batches():
    """Return the product class of credit batches (no shipping, stock tracked)."""
    product_class, _created = ProductClass.objects.get_or_create(
        name=CREDIT_BATCH_PRODUCT_CLASS,
        defaults={"requires_shipping": False, "track_stock": True, "slug": "credit-batch"},
    )
    return product_class


def _seller_partner():
    partner, _created = Partner.objects.get_or_create(name=SELLER_PARTNER)
    return partner


def _product_titles(batch: CreditBatch) -> tuple[str, str]:
    project: OffsetProject = batch.project
    return (
        f"{project.name}（{batch.vintage}年度）",
        f"{project.name_en or project.name} — {batch.vintage} vintage",
    )


@transaction.atomic
def batch_save(*, batch: CreditBatch) -> CreditBatch:
    """Validate and save ``batch`` (new or changed), with its Oscar product and stock.

    Raises ValidationError with a clear message for bad input, including a
    clash with another batch's serial range detected by the database.
    """
    batch_validate(batch=batch)
    title, title_en = _product_titles(batch)
    if batch.product_id is None:
        batch.product = Product.objects.create(
            product_class=product_class_for_batches(),
            title=title,
            title_en=title_en,
            # Oscar would slugify the Japanese title into "u5317u306e…".
            slug=slugify(f"{batch.project.slug}-{batch.vintage}"),
            description=batch.project.description,
            description_en=batch.project.description_en,
            is_discountable=True,
        )
    else:
        Product.objects.filter(pk=batch.product_id).update(title=title, title_en=title_en)
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError as error:
        # The lock makes this unreachable in normal use; the database's own
        # overlap guard still answers with a message, not a server error.
        raise ValidationError(_("This serial range overlaps another batch with the same prefix.")) from error
    batch_sync_stock(batch=batch)
    return batch


def batch_create(
    *,
    project: OffsetProject,
    vintage: int,
    serial_prefix: str,
    serial_first: int,
    serial_last: int,
    price_per_tonne: int,
) -> CreditBatch:
    """Create a credit batch and the Oscar product that sells it."""
    return batch_save(
        batch=CreditBatch(
            project=project,
            vintage=vintage,
            serial_prefix=serial_prefix,
            serial_first=serial_first,
            serial_last=serial_last,
            price_per_tonne=price_per_tonne,
        )
    )


def batch_sync_stock(*, batch: CreditBatch) -> None:
    """Make the Oscar stock record mirror the batch: price, unsold tonnes and the live holds.

    Oscar's ``net_stock_level`` is what its availability checks, pages and the
    basket read; the fork (shop/apps/partner/models.py) makes it the unsold
    tonnes less the holds that have not expired at the moment it is read, so a
    hold stops counting when it lapses even if nothing runs then.
    """
    batches_sync_stock(batches=[batch])


def batches_sync_stock(*, batches) -> None:
    """``batch_sync_stock`` for several batches in a fixed number of queries (a bulk order's 30+ lines).

    Call inside the transaction that changed their tonnes: the stock records are locked until it ends.
    """
    batches = sorted(batches, key=lambda batch: batch.pk)
    if not batches:
        return
    partner = _seller_partner()
    batch_ids = [batch.pk for batch in batches]
    now = timezone.now()
    records = {
        record.product_id: record
        for record in StockRecord.objects.select_for_update()
        .filter(product_id__in=[batch.product_id for batch in batches], partner=partner)
        .order_by("pk")
    }
    for batch in batches:
        if batch.product_id not in records:  # a new batch: its first stock record
            records[batch.product_id] = StockRecord.objects.create(
                product_id=batch.product_id,
                partner=partner,
                partner_sku=batch.serial_prefix,
                price=batch.price_per_tonne,
                price_currency="JPY",
                num_in_stock=0,
            )  # the mirrored values are set below
    allocated = batches_allocated_tonnes(batch_ids=batch_ids)
    holds: dict[int, list[dict]] = {batch_id: [] for batch_id in batch_ids}
    for batch_id, until, tonnes in batches_live_reservations(batch_ids=batch_ids, now=now).values_list(
        "batch_id", "expires_at", "tonnes"
    ):
        holds[batch_id].append({"until": until.isoformat(), "tonnes": tonnes})
    for batch_id, tonnes in batches_scheduled_substitutions(batch_ids=batch_ids).values_list(
        "substitute_batch_id", "tonnes"
    ):
        # Promised to a customer told of a substitution: held until it is carried out or
        # cancelled, each of which syncs the stock again.
        holds[batch_id].append({"until": SUBSTITUTION_HOLD_UNTIL.isoformat(), "tonnes": tonnes})
    changed_records, changed_fields = [], set()
    for batch in batches:
        record = records[batch.product_id]
        mirrored = {
            "partner_sku": f"{batch.serial_prefix}-{batch.serial_first}",
            "price": batch.price_per_tonne,
            "price_currency": "JPY",
            "num_in_stock": max(batch.tonnes_issued - allocated.get(batch.pk, 0), 0),
            "num_allocated": 0,
            "holds": holds[batch.pk],
        }
        changed = {field for field, value in mirrored.items() if getattr(record, field) != value}
        for field in changed:
            setattr(record, field, mirrored[field])
        if changed:
            record.date_updated = now
            changed_records.append(record)
            changed_fields |= changed
    if changed_records:
        # Only the fields that changed (usually the holds, or the holds and the tonnes in stock):
        # bulk_update writes a CASE per field, and compiling unchanged ones cost more than the sale.
        StockRecord.objects.bulk_update(changed_records, [*sorted(changed_fields), "date_updated"])
        stock_synced.send(sender=StockRecord, product_ids=[record.product_id for record in changed_records])
    _stock_alerts_update(list(records.values()))


def _stock_alerts_update(records) -> None:
    """What Oscar's post_save receiver does per stock record, for all of them in one query.

    (``bulk_update`` sends no signals.) A low-stock alert opens when a record falls below its
    threshold and closes when it is back above.
    """
    watched = [record for record in records if record.low_stock_threshold is not None]
    if not watched:
        return
    open_alerts = {
        alert.stockrecord_id: alert
        for alert in StockAlert.objects.filter(stockrecord__in=watched, status=StockAlert.OPEN)
    }
    for record in watched:
        alert = open_alerts.get(record.pk)
        if record.is_below_threshold and alert is None:
            StockAlert.objects.create(stockrecord=record, threshold=record.low_stock_threshold)
        elif not record.is_below_threshold and alert is not None:
            alert.close()


# --- Reserving and allocating tonnes ------------------------------------------


def _locked_batches(batch_ids) -> dict[int, CreditBatch]:
    """Lock the batches (in id order, so two buyers never deadlock) and return them."""
    batches = CreditBatch.objects.select_for_update().filter(pk__in=set(batch_ids)).order_by("pk")
    return {batch.pk: batch for batch in batches}


@transaction.atomic
def tonnes_reserve(*, basket_id: int, tonnes_by_batch: dict[int, int]) -> list[Reservation]:
    """Hold tonnes for a basket while its payment is taken; SoldOut (nothing held) if they are gone.

    The basket's earlier reservations are replaced, so a retry after a
    declined card holds the same tonnes again instead of holding them twice.
    All of a bulk basket's batches are locked, checked and held in one
    transaction, with the same number of queries for 1 batch as for 40.
    """
    now = timezone.now()
    batches = _locked_batches(tonnes_by_batch)
    Reservation.objects.filter(basket_id=basket_id, status=Reservation.Status.ACTIVE).update(
        status=Reservation.Status.RELEASED
    )
    available = batches_available_tonnes(batches=batches.values(), now=now)
    reservations = []
    for batch_id, tonnes in sorted(tonnes_by_batch.items()):
        batch = batches[batch_id]
        if tonnes > available[batch_id]:
            raise SoldOut(batch=batch, requested=tonnes, available=max(available[batch_id], 0))
        reservations.append(
            Reservation(
                batch=batch,
                basket_id=basket_id,
                tonnes=tonnes,
                expires_at=now + datetime.timedelta(minutes=settings.OFFSETS_RESERVATION_MINUTES),
            )
        )
    Reservation.objects.bulk_create(reservations)
    batches_sync_stock(batches=batches.values())
    return reservations


@dataclass(frozen=True)
class LineSale:
    """Tonnes of one batch sold on one paid order line."""

    order_line: object
    batch_id: int
    tonnes: int


@transaction.atomic
def tonnes_allocate_lines(*, basket_id: int, sales: list[LineSale]) -> list[SoldOut]:
    """Sell every line of a paid order its serials (``tonnes_allocate`` for all lines at once).

    One transaction and a fixed number of queries whatever the number of lines: the batches are
    locked in id order, each line gets the next unsold serials of its batch (using the basket's
    live reservation), and the stock mirror is synced once. Returns the lines that could not be
    sold (paid after the hold lapsed and too few tonnes left) as SoldOut, for staff to substitute.
    """
    batches = _locked_batches(sale.batch_id for sale in sales)
    now = timezone.now()
    reservations: dict[int, Reservation] = {}
    for reservation in Reservation.objects.filter(
        basket_id=basket_id, batch_id__in=batches, status=Reservation.Status.ACTIVE, expires_at__gt=now
    ).order_by("created_at", "pk"):
        reservations[reservation.batch_id] = reservation  # the newest per batch, as tonnes_allocate
    available = batches_available_tonnes(batches=batches.values(), now=now)
    sold = batches_allocated_tonnes(batch_ids=list(batches))
    allocations, used, shortfalls = [], [], []
    for sale in sales:
        batch = batches[sale.batch_id]
        reservation = reservations.pop(sale.batch_id, None)  # a reservation serves one line
        held = reservation.tonnes if reservation else 0
        if sale.tonnes > available[batch.pk] + held:
            shortfalls.append(
                SoldOut(batch=batch, requested=sale.tonnes, available=max(available[batch.pk] + held, 0))
            )
            if reservation:
                reservations[batch.pk] = reservation
            continue
        first = batch.serial_first + sold.get(batch.pk, 0)
        allocations.append(
            Allocation(
                batch=batch,
                order_line=sale.order_line,
                serial_first=first,
                serial_last=first + sale.tonnes - 1,
            )
        )
        sold[batch.pk] = sold.get(batch.pk, 0) + sale.tonnes
        # The held tonnes stop being held (the reservation is used) and the sold ones are gone.
        available[batch.pk] += held - sale.tonnes
        if reservation:
            used.append(reservation.pk)
    Allocation.objects.bulk_create(allocations)
    if used:
        Reservation.objects.filter(pk__in=used).update(status=Reservation.Status.ALLOCATED)
    batches_sync_stock(batches=batches.values())
    return shortfalls


@transaction.atomic
def tonnes_allocate(
    *, basket_id: int | None, order_line, batch_id: int, tonnes: int, promised: int = 0
) -> Allocation:
    """Sell ``tonnes`` serials of a batch to a paid order line: the next unsold serials.

    Uses the basket's live reservation when there is one. A substitution has no basket
    (``basket_id=None``); the ``promised`` tonnes its scheduling held count as its own. A payment that
    succeeded after its reservation lapsed is honoured from the tonnes still
    for sale; if too few are left, SoldOut tells the caller to flag the order
    for staff (who substitute credits of the same kind; there are no refunds).
    """
    batch = _locked_batches([batch_id])[batch_id]
    now = timezone.now()
    reservation = (
        None
        if basket_id is None
        else Reservation.objects.filter(
            basket_id=basket_id, batch=batch, status=Reservation.Status.ACTIVE, expires_at__gt=now
        )
        .order_by("-created_at")
        .first()
    )
    held = (reservation.tonnes if reservation else 0) + promised
    available = batch_available_tonnes(batch=batch, now=now) + held
    if tonnes > available:
        raise SoldOut(batch=batch, requested=tonnes, available=max(available, 0))
    first = batch.serial_first + batch_allocated_tonnes(batch=batch)
    allocation = Allocation.objects.create(
        batch=batch, order_line=order_line, serial_first=first, serial_last=first + tonnes - 1
    )
    if reservation:
        Reservation.objects.filter(pk=reservation.pk).update(status=Reservation.Status.ALLOCATED)
    batch_sync_stock(batch=batch)
    return allocation


def reservations_release_expired() -> int:
    """Put the tonnes of lapsed reservations back on sale; return how many reservations."""
    now = timezone.now()
    expired = Reservation.objects.filter(status=Reservation.Status.ACTIVE, expires_at__lte=now)
    batch_ids = set(expired.values_list("batch_id", flat=True))
    released = 0
    for batch_id in sorted(batch_ids):
        with transaction.atomic():
            batch = _locked_batches([batch_id])[batch_id]
            released += Reservation.objects.filter(
                batch=batch, status=Reservation.Status.ACTIVE, expires_at__lte=now
            ).update(status=Reservation.Status.RELEASED)
            batch_sync_stock(batch=batch)
    return released
