from django.apps import AppConfig


class OpenApiSchemaConfig(AppConfig):
    """The schema's generator: drf-spectacular with what the annotations add, and `manage.py api_schema`.

    Installed by the test settings only (shop/settings/test.py), never by a deployed shop.
    """

    name = "shop.api.openapi"
    label = "api_openapi"

    def ready(self):
        from . import annotations  # noqa: F401  (drf-spectacular finds its extensions once imported)
