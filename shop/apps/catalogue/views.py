"""Catalogue views: the product list comes straight from the database.

Oscar 4 browses the catalogue through a Haystack search index; this shop's
catalogue is a few hundred credit batches at most, so a plain paginated
query (one query for the page plus a few prefetches) is simpler, always
current, and needs no index process beside the web servers.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.apps.catalogue.views import *  # noqa: F403  (Oscar's fork pattern: keep the rest)
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class CatalogueView(ListView):
    """Browse every credit batch on sale, ordered by project and vintage."""

    context_object_name = "products"
    template_name = "oscar/catalogue/browse.html"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE

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
