"""Oscar's analytics receivers, except that a product view is counted in the cache.

Oscar's receiver runs ``UPDATE analytics_productrecord SET num_views = num_views + 1``
on every product page: every anonymous reader writes, and readers of one popular
product queue on its row (SQLite refuses them outright under load). Here a view
adds one to a counter in the shared cache, and ``product_views_fold`` (Celery beat)
adds the counters to the rows. Searches, basket additions and orders are counted as
Oscar counts them: they come from members or from posts, which write anyway.
"""

from django.dispatch import receiver
from oscar.apps.analytics import receivers as oscar_receivers
from oscar.apps.catalogue.signals import product_viewed
from oscar.core.loading import get_model

from .services import product_view_count

UserProductView = get_model("analytics", "UserProductView")
UserRecord = get_model("analytics", "UserRecord")

product_viewed.disconnect(oscar_receivers.receive_product_view)


@receiver(product_viewed, dispatch_uid="shop.analytics.product_view")
def receive_product_view(sender, product, user, **kwargs):
    if kwargs.get("raw", False):
        return
    product_view_count(product_id=product.pk)
    # A signed-in member's own views are their browsing history (kept "browsing_history" days,
    # legal/privacy/holdings.py), as Oscar keeps it; members' pages are never shared or cached.
    if user and user.is_authenticated:
        oscar_receivers._update_counter(UserRecord, "num_product_views", {"user": user})
        UserProductView.objects.create(product=product, user=user)
