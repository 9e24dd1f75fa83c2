"""`manage.py api_schema` (`make schema`): the committed schema files, validated, failing on any warning."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from shop.api.openapi.published import FORMATS, SCHEMA_DIR, published_schema_path

# Our file format: drf-spectacular's name for it.
SPECTACULAR_FORMATS = {"yaml": "openapi", "json": "openapi-json"}


class Command(BaseCommand):
    help = "Write the API's OpenAPI schema in each language and format (shop/api/openapi/)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=str(SCHEMA_DIR),
            help="Where to write the files (the tests write elsewhere).",
        )

    def handle(self, *args, directory, **options):
        for language, _name in settings.LANGUAGES:
            for file_format in FORMATS:
                path = published_schema_path(
                    language=language, file_format=file_format, directory=Path(directory)
                )
                call_command(
                    "spectacular",
                    "--lang",
                    language,
                    "--format",
                    SPECTACULAR_FORMATS[file_format],
                    "--validate",
                    "--fail-on-warn",
                    "--file",
                    str(path),
                )
                self.stdout.write(f"Wrote {path}")
