"""``/api/v1/schema/``: the API's OpenAPI schema, served from the files `make schema` commits.

The schema depends on the code alone, so it is generated at development time (shop/api/openapi/)
rather than by the running shop, which then needs no generator and no YAML library.
"""

from django.conf import settings
from django.utils import translation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .openapi.published import published_schema_read


class CommittedSchemaRenderer(BaseRenderer):
    """Passes a committed schema file through: its bytes are already YAML or JSON."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


# The media types the schema answers in, as drf-spectacular's own view did: YAML first (the
# default), JSON with `?format=json` or `Accept: application/json`.
class OpenApiYamlRenderer(CommittedSchemaRenderer):
    media_type = "application/vnd.oai.openapi"
    format = "yaml"
    charset = "utf-8"


class YamlRenderer(OpenApiYamlRenderer):
    media_type = "application/yaml"


class OpenApiJsonRenderer(CommittedSchemaRenderer):
    media_type = "application/vnd.oai.openapi+json"
    format = "json"
    charset = None


class JsonRenderer(OpenApiJsonRenderer):
    media_type = "application/json"


def schema_language(request) -> str:
    """``?lang=`` when it names one of the shop's languages (as drf-spectacular's view took it),
    else the request's language."""
    for code in (request.query_params.get("lang", ""), translation.get_language() or ""):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class PublishedSchemaView(APIView):
    """Public: no key needed to read what the API offers."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [OpenApiYamlRenderer, YamlRenderer, OpenApiJsonRenderer, JsonRenderer]
    schema = None  # not an endpoint of the schema it serves

    def get(self, request):
        return Response(
            published_schema_read(
                language=schema_language(request), file_format=request.accepted_renderer.format
            )
        )

    def finalize_response(self, request, response, *args, **kwargs):
        # Refusals (405, 406, an unknown ?format=) and OPTIONS carry data, not a schema file: they
        # answer in the API's JSON, as every other endpoint does.
        if isinstance(response, Response) and not isinstance(response.data, bytes):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
