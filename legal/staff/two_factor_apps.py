"""django-otp's device apps under names staff read in the admin (its own are "Otp_Totp", "Otp_Static")."""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Two-factor sign-in: authenticator apps")

    def ready(self):
        super().ready()
        # django-otp names its models in untranslated English; the admin's sidebar shows these.
        meta = self.get_model("TOTPDevice")._meta
        meta.verbose_name, meta.verbose_name_plural = _("authenticator app"), _("authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Two-factor sign-in: recovery codes")

    def ready(self):
        super().ready()
        meta = self.get_model("StaticDevice")._meta
        meta.verbose_name, meta.verbose_name_plural = _("recovery code set"), _("recovery code sets")
