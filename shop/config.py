"""Oscar's root app config, forked to give the shop its own home page and its cached public ledger."""

from django.urls import path
from oscar.config import Shop

# What the public ledger's figures and certificates are read from (offsets/ledger.py) besides the
# batches, projects and stock records, which already start a new catalogue version.
LEDGER_MODELS = (
    "Allocation",
    "Reservation",
    "Retirement",
    "Certificate",
    "CertificateSerialRange",
    "Substitution",
)


class OffsetMartShop(Shop):
    def ready(self):
        super().ready()
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from offsets.signals import ledger_changed
        from shop.page_cache import ledger_version_bump

        # A change to any of these starts a new ledger version, so the next visitor of the cached
        # ledger gets it rendered anew (shop/page_cache.py). Writes that send no post_save either
        # sync the stock (a new catalogue version, also in the ledger's key) or send ledger_changed.
        for name in LEDGER_MODELS:
            model = apps.get_model("offsets", name)
            for signal in (post_save, post_delete):
                signal.connect(
                    ledger_version_bump, sender=model, dispatch_uid=f"ledger-{model._meta.label}-{signal}"
                )
        ledger_changed.connect(ledger_version_bump, dispatch_uid="ledger-changed")

    def get_urls(self):
        from shop.page_cache import storefront_page_cache
        from shop.views import HomeView

        urls = super().get_urls()
        # Oscar's first pattern redirects "" to the catalogue; we have a home page.
        return [path("", storefront_page_cache(HomeView.as_view()), name="home"), *urls[1:]]
