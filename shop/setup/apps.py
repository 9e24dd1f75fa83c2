from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopSetupConfig(AppConfig):
    """No models: installed for its management command, `shop_setup`."""

    name = "shop.setup"
    label = "shop_setup"
    verbose_name = _("First run")
