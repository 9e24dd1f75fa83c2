from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    """One Django app in sub-packages by concern (see the README's map): documents, processors,
    cookies, staff (groups, access log) in the legal core; privacy above the carbon domain."""

    name = "legal"
    verbose_name = _("Legal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from legal.cookies.inventory import cookie_table_markdown
        from legal.documents.rendering import register_block
        from legal.privacy.requests import checks  # noqa: F401  (registers the private-files check)
        from legal.privacy.retention_table import retention_periods_markdown
        from legal.processors.markdown import (
            entrusted_processors_markdown,
            recipients_abroad_markdown,
            third_parties_markdown,
        )
        from legal.staff.groups import ensure_staff_groups

        post_migrate.connect(ensure_staff_groups, sender=self)

        register_block("cookie_table", cookie_table_markdown)
        register_block("processors", entrusted_processors_markdown)
        register_block("third_parties", third_parties_markdown)
        register_block("recipients_abroad", recipients_abroad_markdown)
        register_block("retention_periods", retention_periods_markdown)
