"""The API's OpenAPI schema: generated in development, committed, served as committed at /api/v1/schema/."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from rest_framework.request import Request

from shop.api.openapi.published import FORMATS, SCHEMA_DIR, published_schema_path
from shop.api.schema import schema_language

ROOT = Path(__file__).resolve().parents[3]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def test_the_openapi_schema_is_published_and_valid(client, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    response = client.get("/api/v1/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = set(schema["paths"])
    assert {
        "/api/v1/projects/", "/api/v1/batches/", "/api/v1/batches/{batch_id}/", "/api/v1/quote/",
        "/api/v1/footprint/estimate/", "/api/v1/orders/", "/api/v1/orders/{number}/",
        "/api/v1/certificates/", "/api/v1/invoices/", "/api/v1/projects/{slug}/",
    } <= paths  # fmt: skip
    assert "/api/v1/schema/" not in paths
    assert schema["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    assert schema["paths"]["/api/v1/quote/"]["get"]["summary"].startswith("The price and consumption tax")


def test_the_committed_schema_is_what_the_code_generates(tmp_path):
    # given the schema generated now, in every language and format, validated and free of warnings
    call_command("api_schema", "--directory", str(tmp_path))

    # then each committed file is that, byte for byte, and there is no other
    generated = sorted(path.name for path in tmp_path.iterdir())
    assert generated == sorted(
        f"{language}.{file_format}" for language in LANGUAGES for file_format in FORMATS
    )
    for name in generated:
        committed = SCHEMA_DIR / name
        assert committed.is_file() and committed.read_bytes() == (tmp_path / name).read_bytes(), (
            f"shop/api/openapi/{name} is not what the code generates: run make schema and commit the files"
        )
    committed_files = sorted(path.name for path in SCHEMA_DIR.iterdir() if path.suffix in (".yaml", ".json"))
    assert committed_files == generated, "files no language or format needs: run make schema"


def test_a_package_install_ships_the_schema_files_and_not_their_generator():
    # given the packaging rules and the runtime dependencies (what a plain `pip install .` installs)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["shop.api.openapi"]
    runtime = " ".join(project["project"]["dependencies"]).lower()

    # then every committed schema file is shipped, and the generator is not installed
    shipped = {path.name for pattern in patterns for path in SCHEMA_DIR.glob(pattern)}
    assert {f"{language}.{file_format}" for language in LANGUAGES for file_format in FORMATS} <= shipped
    assert "drf-spectacular" not in runtime


@pytest.mark.parametrize(
    ("query", "headers", "content_type", "file_format"),
    [
        ("", {}, "application/vnd.oai.openapi; charset=utf-8", "yaml"),
        ("?format=json", {}, "application/vnd.oai.openapi+json", "json"),
        ("", {"HTTP_ACCEPT": "application/json"}, "application/json", "json"),
        ("", {"HTTP_ACCEPT": "application/yaml"}, "application/yaml; charset=utf-8", "yaml"),
        ("?lang=en", {}, "application/vnd.oai.openapi; charset=utf-8", "yaml"),
    ],
)
def test_the_schema_url_serves_the_committed_file_in_the_format_asked(
    client, query, headers, content_type, file_format
):
    response = client.get(f"/api/v1/schema/{query}", **headers)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    language = "en" if "lang=en" in query else settings.LANGUAGE_CODE
    assert response.content == published_schema_path(language=language, file_format=file_format).read_bytes()


@pytest.mark.parametrize(
    ("query", "accept_language", "language"),
    [
        ("", "", "ja"),
        ("?lang=en", "", "en"),
        ("?lang=en-us", "", "en"),
        ("?lang=ja", "en", "ja"),
        ("?lang=xx", "", "ja"),
    ],
)
def test_the_schema_is_in_lang_else_in_the_requests_language(query, accept_language, language):
    request = Request(RequestFactory().get(f"/api/v1/schema/{query}", HTTP_ACCEPT_LANGUAGE=accept_language))

    assert schema_language(request) == language


def test_refusals_at_the_schema_url_answer_in_the_apis_json(client):
    not_acceptable = client.get("/api/v1/schema/", HTTP_ACCEPT="text/html")
    not_allowed = client.post("/api/v1/schema/")

    assert (not_acceptable.status_code, not_acceptable["Content-Type"]) == (406, "application/json")
    assert not_acceptable.json()["error"]["code"] == "not_acceptable"
    assert (not_allowed.status_code, not_allowed["Content-Type"]) == (405, "application/json")
    assert not_allowed.json()["error"]["code"] == "method_not_allowed"


# The running shop as a plain `pip install .` has it: the settings `make run` uses, and no drf-spectacular
# (None in sys.modules fails its import).
WITHOUT_GENERATOR = """
import sys
sys.modules["drf_spectacular"] = None
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from shop.api import views
response = Client().get("/api/v1/schema/?format=json")
print(response.status_code, response["Content-Type"], len(response.content))
"""


def test_the_shop_serves_its_schema_without_the_generator_installed():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shop.settings.local"}
    env.pop("DATABASE_URL", None)

    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_GENERATOR],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    size = published_schema_path(language="ja", file_format="json").stat().st_size
    assert result.stdout.split() == ["200", "application/vnd.oai.openapi+json", str(size)]
