from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the shop: the health endpoint and beat's heartbeat, public media, the build's checks."""

    name = "shop.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from . import checks  # noqa: F401  (registers the translation catalogue check)
        from .admin_sidebar import admin_sidebar_trim

        # After django.contrib.admin's ready() loaded every admin module (it comes first in INSTALLED_APPS).
        admin_sidebar_trim()
