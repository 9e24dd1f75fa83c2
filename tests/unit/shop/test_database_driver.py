"""A PostgreSQL DATABASE_URL without PostgreSQL's driver installed (a plain `pip install .`)."""

import sys
import tomllib
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from shop.settings.refusals import refuse_postgresql_without_driver

ROOT = Path(__file__).resolve().parents[3]
POSTGRESQL = {"ENGINE": "django.db.backends.postgresql", "NAME": "offsetmart"}
SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "var/db.sqlite3"}


@pytest.fixture
def no_postgresql_driver(monkeypatch):
    """As after a plain `pip install .`: importing either driver fails (None in sys.modules does that)."""
    for driver in ("psycopg", "psycopg2"):
        monkeypatch.setitem(sys.modules, driver, None)


def test_postgresql_without_its_driver_is_refused_with_what_to_install(no_postgresql_driver):
    with pytest.raises(ImproperlyConfigured) as refusal:
        refuse_postgresql_without_driver(database=POSTGRESQL)

    message = str(refusal.value)
    assert "DATABASE_URL names PostgreSQL" in message
    assert 'pip install ".[postgresql]"' in message and "make build" in message
    assert "\n" not in message


def test_sqlite_needs_no_driver(no_postgresql_driver):
    refuse_postgresql_without_driver(database=SQLITE)


def test_postgresql_with_its_driver_installed_is_accepted():
    pytest.importorskip("psycopg")

    refuse_postgresql_without_driver(database=POSTGRESQL)


def test_the_driver_is_an_extra_that_a_deploy_and_the_tests_install():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]

    assert not any("psycopg" in requirement for requirement in project["project"]["dependencies"])
    assert any(requirement.startswith("psycopg[binary]") for requirement in extras["postgresql"])
    assert "offset-mart[postgresql]" in extras["dev"]
    assert ".[postgresql]" in (ROOT / "Makefile").read_text(encoding="utf-8")
