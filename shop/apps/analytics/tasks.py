"""Background work of the analytics fork."""

from celery import shared_task

from . import services


@shared_task
def product_views_fold() -> int:
    """Scheduled: add the product views counted in the cache to the analytics rows; return how many."""
    return services.product_views_fold()
