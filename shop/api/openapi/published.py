"""Where the committed schema files are, and reading one: what the running shop needs of them."""

import functools
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent
# Each language's schema is committed in both formats the schema URL answers in, so the shop serves
# the files as written and needs no YAML library.
FORMATS = ("yaml", "json")


def published_schema_path(*, language: str, file_format: str, directory: Path = SCHEMA_DIR) -> Path:
    return directory / f"{language}.{file_format}"


@functools.cache
def published_schema_read(*, language: str, file_format: str) -> bytes:
    """The committed schema in this language and format, read once per process."""
    return published_schema_path(language=language, file_format=file_format).read_bytes()
