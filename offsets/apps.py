from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffsetsConfig(AppConfig):
    name = "offsets"
    verbose_name = _("Carbon offsets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from legal.documents.rendering import register_block
        from legal.processors.signals import processor_registry_changed

        from .legal_texts import substitution_notice_days, substitution_rule_markdown

        register_block("substitution_rule", substitution_rule_markdown)
        register_block("substitution_notice_days", substitution_notice_days)

        processor_registry_changed.connect(
            _retry_waiting_certificates, dispatch_uid="offsets-certificates-retry"
        )


def _retry_waiting_certificates(sender, **kwargs) -> None:
    """A certificate waiting for the processor registry is tried again as soon as it changes."""
    from .tasks import certificates_complete_waiting

    certificates_complete_waiting.delay()
