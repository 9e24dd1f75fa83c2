"""Oscar's root app config, forked to give the shop its own home page."""

from django.urls import path
from oscar.config import Shop


class OffsetMartShop(Shop):
    def get_urls(self):
        from shop.page_cache import storefront_page_cache
        from shop.views import HomeView

        urls = super().get_urls()
        # Oscar's first pattern redirects "" to the catalogue; we have a home page.
        return [path("", storefront_page_cache(HomeView.as_view()), name="home"), *urls[1:]]
