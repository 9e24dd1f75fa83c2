"""django-otp's device apps under names staff read in the admin (its own are "Otp_Totp", "Otp_Static")."""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Two-factor sign-in: authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Two-factor sign-in: recovery codes")
