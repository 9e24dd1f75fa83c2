from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffsetsConfig(AppConfig):
    name = "offsets"
    verbose_name = _("Carbon offsets")
    default_auto_field = "django.db.models.BigAutoField"
