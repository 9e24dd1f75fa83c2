"""What the OpenAPI schema says about API keys (drf-spectacular finds this extension once imported)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "shop.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Your API key, created on your account page: `Authorization: Bearer om_…`.",
        }
