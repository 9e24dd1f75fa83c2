"""Product views counted in the cache, folded into Oscar's ``ProductRecord`` rows on a schedule.

The counters live in the default cache (Redis in production, shared by every web
process; the local-memory cache of one process otherwise). A counter lost with the
cache loses at most the views since the last fold: these are rough popularity
figures (the dashboard's product report), never money or stock.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
ProductRecord = get_model("analytics", "ProductRecord")

VIEWS_KEY = "analytics:product-views:{product_id}"
FOLD_CHUNK = 500
logger = logging.getLogger(__name__)


def product_view_count(*, product_id: int) -> None:
    """Add one view of the product to its counter in the cache (no database write)."""
    key = VIEWS_KEY.format(product_id=product_id)
    try:
        try:
            cache.incr(key)
        except ValueError:
            # No counter yet. Of two first views at once one adds it, the other increments it.
            if not cache.add(key, 1, timeout=None):
                cache.incr(key)
    except Exception:  # the cache is down (e.g. Redis): the page matters more than one view counted
        logger.warning("A product view could not be counted", exc_info=True)


def product_views_pending() -> dict[int, int]:
    """The views counted in the cache and not folded yet, by product id."""
    pending = {}
    product_ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(product_ids), FOLD_CHUNK):
        chunk = product_ids[start : start + FOLD_CHUNK]
        counted = cache.get_many([VIEWS_KEY.format(product_id=product_id) for product_id in chunk])
        for product_id in chunk:
            views = counted.get(VIEWS_KEY.format(product_id=product_id)) or 0
            if views > 0:
                pending[product_id] = views
    return pending


def product_views_fold() -> int:
    """Add the counted views to each product's ``ProductRecord.num_views``; return how many views.

    Each counter is lowered by what was read (an atomic decrement, so views counted
    meanwhile stay for the next fold) before the rows are written: if the write fails
    those views are lost, never counted twice.
    """
    pending = product_views_pending()
    for product_id, views in pending.items():
        cache.decr(VIEWS_KEY.format(product_id=product_id), views)
    if not pending:
        return 0
    with transaction.atomic():
        recorded = set(
            ProductRecord.objects.filter(product_id__in=pending).values_list("product_id", flat=True)
        )
        ProductRecord.objects.bulk_create(
            [
                ProductRecord(product_id=product_id, num_views=0)
                for product_id in pending
                if product_id not in recorded
            ],
            ignore_conflicts=True,  # a record the basket or an order created meanwhile
        )
        for product_id, views in pending.items():
            ProductRecord.objects.filter(product_id=product_id).update(num_views=F("num_views") + views)
    return sum(pending.values())
