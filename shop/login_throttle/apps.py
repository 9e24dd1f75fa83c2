from axes.apps import AppConfig as AxesAppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes (app label ``axes``), named for staff in the admin, keeping no form data."""

    verbose_name = _("Login lockouts")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt

        from .attempts import attempt_form_data_drop

        pre_save.connect(attempt_form_data_drop, sender=AccessAttempt, dispatch_uid="attempt_form_data_drop")
