"""Writes of the carbon domain.

Every change to a credit batch goes through ``batch_save`` so the Oscar
product and its stock record (the catalogue's view of "tonnes for sale")
stay in step with the batch, and so serial ranges are checked under a lock.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from .models import CreditBatch, OffsetProject
from .selectors import batch_available_tonnes, batch_overlapping

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

CREDIT_BATCH_PRODUCT_CLASS = "Carbon credit batch"
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
    """Make the Oscar stock record mirror the batch: price and tonnes for sale.

    Oscar's ``net_stock_level`` (num_in_stock - num_allocated) is what its
    availability checks read, so it is set to exactly the tonnes for sale.
    """
    stockrecord, _created = StockRecord.objects.select_for_update().get_or_create(
        product_id=batch.product_id,
        partner=_seller_partner(),
        defaults={
            "partner_sku": f"{batch.serial_prefix}-{batch.serial_first}",
            "price": batch.price_per_tonne,
            "price_currency": "JPY",
            "num_in_stock": 0,
        },
    )
    stockrecord.partner_sku = f"{batch.serial_prefix}-{batch.serial_first}"
    stockrecord.price = batch.price_per_tonne
    stockrecord.price_currency = "JPY"
    stockrecord.num_in_stock = batch_available_tonnes(batch=batch)
    stockrecord.num_allocated = 0
    stockrecord.save()
