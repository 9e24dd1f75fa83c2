"""Settings are read from the environment; production has no unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-real-secret-for-this-test-only-0123456789abcdef-ghijklmnopqrstuvwxyz",
    "DATABASE_URL": "postgres://shop@db.internal:5432/offsetmart",
    "ALLOWED_HOSTS": "shop.example.jp",
    "STRIPE_SECRET_KEY": "sk_live_for_this_test_only",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_for_this_test_only",
    "STRIPE_WEBHOOK_SECRET": "whsec_for_this_test_only",
}
PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.DEBUG, s.ALLOWED_HOSTS, s.CELERY_TASK_ALWAYS_EAGER)"
)


# What this process's environment must not pass on to the settings probed (the browser
# tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for this process only).
NOT_INHERITED = {
    *PRODUCTION_ENV,
    "CELERY_BROKER_URL",
    "STRIPE_API_BASE",
    "DJANGO_CSP_REPORT_ONLY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _run(command: list[str], module: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    clean_env.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(command, cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=120)


def _settings_probe(module: str, env: dict[str, str], probe: str = PROBE) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-c", probe], module, env)


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = _settings_probe("shop.settings.production", env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_starts_with_everything_set():
    result = _settings_probe("shop.settings.production", PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["django.db.backends.postgresql", "False"]


def test_local_defaults_to_sqlite_and_eager_tasks():
    result = _settings_probe("shop.settings.local", {})  # no DATABASE_URL, no broker

    assert result.returncode == 0, result.stderr
    engine, debug, *_hosts, eager = result.stdout.split()
    assert (engine, debug, eager) == ("django.db.backends.sqlite3", "True", "True")


def test_a_broker_url_sends_tasks_to_the_broker():
    result = _settings_probe("shop.settings.local", {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"


def test_production_refuses_an_offline_stripe_peer():
    result = _settings_probe(
        "shop.settings.production", {**PRODUCTION_ENV, "STRIPE_API_BASE": "http://127.0.0.1:8420"}
    )

    assert result.returncode != 0
    assert "refuse an offline Stripe peer" in result.stderr


def test_production_passes_the_deployment_checks():
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "shop.settings.production",
        PRODUCTION_ENV,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_enforces_the_policies_the_tests_run(settings):
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(repr(s.CONTENT_SECURITY_POLICY)); print(repr(s.PERMISSIONS_POLICY)); "
        "print('csp.middleware.CSPMiddleware' in s.MIDDLEWARE, "
        "'common.permissions_policy.PermissionsPolicyMiddleware' in s.MIDDLEWARE)"
    )

    result = _settings_probe("shop.settings.production", PRODUCTION_ENV, probe)

    assert result.returncode == 0, result.stderr
    content_security_policy, permissions_policy, middleware = result.stdout.splitlines()
    assert content_security_policy == repr(settings.CONTENT_SECURITY_POLICY)
    assert "'unsafe-inline'" not in repr(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"])
    assert permissions_policy == repr(settings.PERMISSIONS_POLICY)
    assert middleware == "True True"


def test_an_operator_can_switch_the_policy_to_report_only():
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(hasattr(s, 'CONTENT_SECURITY_POLICY'), bool(s.CONTENT_SECURITY_POLICY_REPORT_ONLY))"
    )

    result = _settings_probe(
        "shop.settings.production", {**PRODUCTION_ENV, "DJANGO_CSP_REPORT_ONLY": "true"}, probe
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_production_never_issues_or_accepts_demo_staff_codes():
    probe = PROBE.split("print(")[0] + "print(s.DEMO_STAFF_RECOVERY_CODES)"

    production = _settings_probe(
        "shop.settings.production", {**PRODUCTION_ENV, "DEMO_STAFF_RECOVERY_CODES": "true"}, probe
    )
    local = _settings_probe("shop.settings.local", {}, probe)

    assert production.returncode == 0, production.stderr
    assert (production.stdout.strip(), local.stdout.strip()) == ("False", "True")
