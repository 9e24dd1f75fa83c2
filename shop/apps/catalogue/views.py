"""Catalogue views: the product list comes straight from the database.

Oscar 4 browses the catalogue through a Haystack search index; this shop's
catalogue is a few hundred credit batches at most, so a plain paginated
query (one query for the page plus a few prefetches) is simpler, always
current, and needs no index process beside the web servers.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.apps.catalogue.views import *  # noqa: F403  (Oscar's fork pattern: keep the rest)
from oscar.apps.catalogue.views import ProductDetailView as CoreProductDetailView
from oscar.core.loading import get_model

from shop.apps.analytics.services import product_view_count
from shop.page_cache import storefront_page_cache

Product = get_model("catalogue", "Product")


def _product_view_counted(request, *args, pk, **kwargs) -> None:
    # A page served from the cache is still a view of the product (Oscar's view would count it).
    product_view_count(product_id=int(pk))


class ProductDetailView(CoreProductDetailView):
    """Oscar's product page, served from the cache to visitors without a session (shop/page_cache.py)."""

    @method_decorator(functools.partial(storefront_page_cache, on_hit=_product_view_counted))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CatalogueView(ListView):
    """Browse every credit batch on sale, ordered by project and vintage."""

    context_object_name = "products"
    template_name = "oscar/catalogue/browse.html"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE

    @method_decorator(storefront_page_cache)
    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            messages.error(request, _("The given page number was invalid."))
            return redirect("catalogue:index")

    def get_queryset(self):
        return (
            Product.objects.browsable()
            .base_queryset()
            .order_by("credit_batch__project__name", "credit_batch__vintage", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("All credits")
        return context
