from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the shop: the health endpoint and beat's heartbeat."""

    name = "shop.operations"
    label = "operations"
    verbose_name = _("Operations")

