from django.conf import settings


def shop_settings(request):
    """Values every page template needs."""
    return {
        "consumption_tax_rate_percent": settings.CONSUMPTION_TAX_RATE_PERCENT,
        # Payments go to an offline Stripe peer: say so on every page.
        "demo_payments": bool(settings.STRIPE_API_BASE),
        # A staging shop (shop/settings/staging.py): a banner on every page says so.
        "staging": settings.STAGING,
    }
