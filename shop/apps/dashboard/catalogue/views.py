"""Dashboard catalogue fork: a product that sells a credit batch is not deleted.

A credit batch is a registry record that orders and certificates point to
(``CreditBatch.product`` is PROTECTed); staff hide it from the catalogue
instead. Oscar's view would answer the ProtectedError with a server error.
"""

from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.apps.dashboard.catalogue.views import *  # noqa: F403  (Oscar's fork pattern)


class ProductDeleteView(oscar_views.ProductDeleteView):
    def delete(self, request, *args, **kwargs):
        try:
            return super().delete(request, *args, **kwargs)
        except ProtectedError:
            messages.error(
                request,
                _(
                    "“%(product)s” sells a credit batch and cannot be deleted. "
                    "To stop selling it, untick “Is public” on the product."
                )
                % {"product": self.object.get_title()},
            )
            return redirect("dashboard:catalogue-product", pk=self.object.pk)
