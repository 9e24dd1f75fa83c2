"""Requests per minute per API key (API_REQUESTS_PER_MINUTE_PER_KEY), counted in the shared cache."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_rate(self):
        # Read on each request (not once at import) so the setting is the policy, tests included.
        return f"{settings.API_REQUESTS_PER_MINUTE_PER_KEY}/min"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None  # unauthenticated requests are refused before any work is done
        return f"throttle_api_key_{request.auth.pk}"
