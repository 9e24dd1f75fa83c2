from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicesConfig(AppConfig):
    """Qualified invoices (適格請求書) and receipts (領収書) for paid orders."""

    name = "shop.invoices"
    label = "invoices"
    verbose_name = _("Invoices and receipts")
    default_auto_field = "django.db.models.BigAutoField"
