from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API for business buyers (/api/v1/): API keys, their use, and the endpoints."""

    name = "shop.api"
    label = "api"
    verbose_name = _("API for business buyers")
    default_auto_field = "django.db.models.BigAutoField"
