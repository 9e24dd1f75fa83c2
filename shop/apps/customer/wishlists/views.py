"""Wish list views fork (hidden feature, live addresses): a product that is gone redirects to a real page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from oscar.apps.customer.wishlists import views as oscar_views
from oscar.apps.customer.wishlists.views import *  # noqa: F403  (Oscar's fork pattern)
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class WishListCreateView(oscar_views.WishListCreateView):
    def dispatch(self, request, *args, **kwargs):
        # Oscar's redirects to "wishlists-create", a name without its namespace: a server error.
        if "product_pk" in kwargs and not Product.objects.filter(pk=kwargs["product_pk"]).exists():
            messages.error(request, _("The requested product no longer exists"))
            return redirect("customer:wishlists-create")
        return super().dispatch(request, *args, **kwargs)
