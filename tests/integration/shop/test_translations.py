"""Compiled translations: production shows Japanese pages; a missing or stale catalogue is a check error."""

import os
import sys

from django.core.checks import Error, Warning, run_checks

from tests.integration.shop.test_settings import PRODUCTION_ENV, _run

# A string that is English in the template and Japanese only through locale/ja's catalogue.
HEADLINE_EN = "Offset your emissions with verified carbon credits"
HEADLINE_JA = "検証済みのカーボン・クレジットで、排出量をオフセット"

# Under production settings: tables made straight from the models (no migrations: seconds, not a
# minute) in an in-memory database, then the home page as a visitor over HTTPS gets it. Static
# files and the cache are swapped for local ones: they come from the build and Redis, not the
# catalogue, and do not change the language.
HOME_PAGE_PROBE = """
import django
django.setup()
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

class NoMigrations(dict):
    def __contains__(self, app_label):
        return True
    def __getitem__(self, app_label):
        return None

with override_settings(
    MIGRATION_MODULES=NoMigrations(),
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
):
    call_command("migrate", run_syncdb=True, verbosity=0)
    host = "shop.midori-carbon.co.jp"  # PRODUCTION_ENV's ALLOWED_HOSTS
    Site.objects.update_or_create(id=1, defaults={"domain": host, "name": "Offset Mart"})
    response = Client().get("/", secure=True, HTTP_HOST=host)
    print(response.status_code)
    print(response.content.decode())
"""


def catalogue(locale_path, *, compiled: bool, compiled_first: bool = False):
    """A ja catalogue under ``locale_path``: its ``.po``, and its ``.mo`` if ``compiled``."""
    folder = locale_path / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source, compiled_file = folder / "django.po", folder / "django.mo"
    source.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    if compiled:
        compiled_file.write_bytes(b"")
        if compiled_first:  # the .po edited after the last compilation
            os.utime(compiled_file, (source.stat().st_mtime - 60,) * 2)
    return compiled_file


def test_production_serves_the_home_page_in_japanese():
    result = _run(
        [sys.executable, "-c", HOME_PAGE_PROBE],
        "shop.settings.production",
        {**PRODUCTION_ENV, "DATABASE_URL": "sqlite://:memory:"},
    )

    assert result.returncode == 0, result.stderr
    status, page = result.stdout.split("\n", 1)
    assert status == "200"
    assert HEADLINE_JA in page
    assert HEADLINE_EN not in page


def test_a_missing_catalogue_is_an_error_where_debug_is_off(settings, tmp_path):
    settings.DEBUG = False
    settings.LOCALE_PATHS = [tmp_path]
    missing = catalogue(tmp_path, compiled=False)

    problems = run_checks(tags=["translation"])

    assert [(type(problem), problem.id) for problem in problems] == [(Error, "operations.E001")]
    assert str(missing) in problems[0].msg
    assert "make build" in problems[0].hint


def test_a_catalogue_older_than_its_source_is_an_error(settings, tmp_path):
    settings.DEBUG = False
    settings.LOCALE_PATHS = [tmp_path]
    catalogue(tmp_path, compiled=True, compiled_first=True)

    problems = run_checks(tags=["translation"])

    assert [(type(problem), problem.id) for problem in problems] == [(Error, "operations.E002")]


def test_a_compiled_catalogue_passes(settings, tmp_path):
    settings.DEBUG = False
    settings.LOCALE_PATHS = [tmp_path]
    catalogue(tmp_path, compiled=True)

    assert run_checks(tags=["translation"]) == []


def test_on_a_developer_machine_a_missing_catalogue_is_a_warning(settings, tmp_path):
    settings.DEBUG = True
    settings.LOCALE_PATHS = [tmp_path]
    catalogue(tmp_path, compiled=False)

    problems = run_checks(tags=["translation"])

    assert [(type(problem), problem.id) for problem in problems] == [(Warning, "operations.W001")]
