"""URLs: Japanese pages unprefixed, English under /en/, machine endpoints language-free.

The language is chosen by the address alone (the switch links to the other
prefix), so Django's set_language view and its language cookie are not used.
"""

from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from offsets.calculator import views as calculator_views
from shop.payments.stripe import views as stripe_views

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
    path("", include("offsets.urls")),
    path("", include("shop.invoices.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
    prefix_default_language=False,
)
