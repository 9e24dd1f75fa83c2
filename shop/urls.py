"""URLs: Japanese pages unprefixed, English under /en/, machine endpoints language-free.

The language is chosen by the address alone (the switch links to the other
prefix), so Django's set_language view and its language cookie are not used.
"""

from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from offsets import urls as offsets_urls
from offsets.calculator import views as calculator_views
from shop.page_cache import storefront_page_cache
from shop.payments.stripe import views as stripe_views

# The public ledger's page and downloads, served from the storefront's page cache (the carbon
# domain below the shop knows nothing of it): the heaviest public page, read far more than it changes.
LEDGER_PAGES = {"ledger", "ledger-batches-csv", "ledger-certificates-csv", "ledger-json"}


def _ledger_cached(patterns):
    return [
        path(
            str(pattern.pattern),
            storefront_page_cache(pattern.callback, shows_ledger=True),
            name=pattern.name,
        )
        if pattern.name in LEDGER_PAGES
        else pattern
        for pattern in patterns
    ]


urlpatterns = [
    # /healthz/. Images under MEDIA_URL are served by shop.operations.middleware, whatever DEBUG says.
    path("", include("shop.operations.urls")),
    path("payments/stripe/webhook/", stripe_views.webhook, name="stripe-webhook"),
    path("api/footprint/estimate/", calculator_views.estimate_api, name="footprint-estimate-api"),
    # The business buyers' API (issue 17), versioned.
    path("api/v1/", include("shop.api.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("legal/", include("legal.urls")),
    path("privacy/", include("legal.privacy.requests.urls")),
    path("", include((_ledger_cached(offsets_urls.urlpatterns), offsets_urls.app_name))),
    path("", include("shop.invoices.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
    prefix_default_language=False,
)
