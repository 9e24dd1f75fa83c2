from django.conf import settings


def shop_settings(request):
    """Values every page template needs."""
    return {"consumption_tax_rate_percent": settings.CONSUMPTION_TAX_RATE_PERCENT}
