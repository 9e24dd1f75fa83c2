from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig
from oscar.core.loading import get_class


class InvoicesDashboardConfig(OscarDashboardConfig):
    """Every issued invoice, searchable by date, amount and counterparty; corrections."""

    label = "invoices_dashboard"
    name = "shop.apps.dashboard.invoices"
    verbose_name = _("Invoices dashboard")

    default_permissions = ["is_staff", "invoices.view_invoice"]

    def configure_permissions(self):
        self.permissions_map = {
            "invoice-correct": ["is_staff", "invoices.view_invoice", "invoices.add_invoice"],
        }

    # pylint: disable=attribute-defined-outside-init
    def ready(self):
        views = "dashboard.invoices.views"
        self.list_view = get_class(views, "InvoiceListView")
        self.detail_view = get_class(views, "InvoiceDetailView")
        self.pdf_view = get_class(views, "InvoicePdfView")
        self.correct_view = get_class(views, "InvoiceCorrectView")
        self.configure_permissions()

    def get_urls(self):
        urls = [
            path("", self.list_view.as_view(), name="invoice-list"),
            path("<int:pk>/", self.detail_view.as_view(), name="invoice-detail"),
            path("<int:pk>/pdf/", self.pdf_view.as_view(), name="invoice-dashboard-pdf"),
            path("<int:pk>/correct/", self.correct_view.as_view(), name="invoice-correct"),
        ]
        return self.post_process_urls(urls)
