"""What the OpenAPI schema says about API keys (drf-spectacular finds this extension once imported)."""

from django.utils import translation
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "shop.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Your API key, created on your account page: `Authorization: Bearer om_…`.",
        }


class PublishedSchemaView(SpectacularAPIView):
    """``/api/v1/schema/``: public, so it is generated once per process and language, not per request
    (it depends on the code alone, and building it costs tens of milliseconds)."""

    _generated: dict[str, dict] = {}

    def _get_schema_response(self, request):
        language = translation.get_language() or ""
        if language not in self._generated:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=self.api_version, patterns=None
            )
            self._generated[language] = generator.get_schema(request=None, public=True)
        return Response(data=self._generated[language])
