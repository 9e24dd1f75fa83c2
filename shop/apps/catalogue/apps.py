import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "shop.apps.catalogue"

    def ready(self):
        super().ready()
        from django.db.models.signals import post_delete, post_save
        from oscar.core.loading import get_model

        from shop.page_cache import catalogue_version_bump

        # What the cached storefront pages show: a change to any of these starts a new catalogue
        # version, so the next visitor gets the page rendered anew (shop/page_cache.py).
        shown = [
            get_model("offsets", "CreditBatch"),
            get_model("offsets", "OffsetProject"),
            get_model("catalogue", "Product"),
            get_model("catalogue", "ProductCategory"),
            get_model("catalogue", "Category"),
            get_model("catalogue", "ProductImage"),
            get_model("partner", "StockRecord"),
        ]
        for model in shown:
            for signal in (post_save, post_delete):
                signal.connect(
                    catalogue_version_bump,
                    sender=model,
                    dispatch_uid=f"storefront-{model._meta.label}-{signal}",
                )
        # The stock mirror is written in bulk (no post_save): tonnes sold or held show at once too.
        from offsets.signals import stock_synced

        stock_synced.connect(catalogue_version_bump, dispatch_uid="storefront-stock-synced")
