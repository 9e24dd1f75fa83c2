from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Legal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import cookies, processors, rendering, signals
        from .privacy_requests import checks  # noqa: F401  (registers the private-files check)

        post_migrate.connect(signals.ensure_staff_groups, sender=self)

        rendering.register_block("cookie_table", cookies.cookie_table_markdown)
        rendering.register_block("processors", processors.entrusted_processors_markdown)
