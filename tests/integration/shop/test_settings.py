"""Settings are read from the environment; production has no unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Everything production needs, as a company running it would set it.
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-real-secret-for-this-test-only-0123456789abcdef-ghijklmnopqrstuvwxyz",
    "DATABASE_URL": "postgres://shop@db.internal:5432/offsetmart",
    "ALLOWED_HOSTS": "shop.midori-carbon.co.jp",
    "STRIPE_SECRET_KEY": "sk_live_for_this_test_only",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_for_this_test_only",
    "STRIPE_WEBHOOK_SECRET": "whsec_for_this_test_only",
    "DJANGO_ADMINS": "Ops Desk <ops@midori-carbon.co.jp>, dev-oncall@midori-carbon.co.jp",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "CACHE_URL": "rediscache://redis.internal:6379/1",
    "EMAIL_URL": "smtp+tls://shop:mail-password@smtp.internal:587",
    "SHOP_BASE_URL": "https://shop.midori-carbon.co.jp",
    "DEFAULT_FROM_EMAIL": "Midori Offsets <noreply@midori-carbon.co.jp>",
    "COMPANY_NAME": "みどりオフセット株式会社",
    "COMPANY_NAME_EN": "Midori Offsets Co., Ltd.",
    "COMPANY_ADDRESS": "〒530-0001 大阪府大阪市北区梅田三丁目99番9号 みどりビル3階",
    "COMPANY_ADDRESS_EN": "Midori Building 3F, 3-99-9 Umeda, Kita-ku, Osaka 530-0001, Japan",
    "COMPANY_REPRESENTATIVE": "代表取締役 佐藤 一郎",
    "COMPANY_REPRESENTATIVE_EN": "Ichiro Sato, Representative Director",
    "COMPANY_PHONE": "06-6123-4567",
    "COMPANY_EMAIL": "support@midori-carbon.co.jp",
    "COMPANY_INVOICE_REGISTRATION_NUMBER": "T3120001234567",
}
# Staging: the same stack, with localstripe (reached by browsers at a public address), Stripe
# test-mode keys, the demo company and example names.
STAGING_ENV = {
    **{k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("COMPANY_") and k != "DEFAULT_FROM_EMAIL"},
    "ALLOWED_HOSTS": "staging.shop.example.jp",
    "SHOP_BASE_URL": "https://staging.shop.example.jp",
    "STRIPE_SECRET_KEY": "sk_test_localstripe",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_localstripe",
    "STRIPE_API_BASE": "http://127.0.0.1:8420",
    "STRIPE_JS_URL": "https://stripe.staging.shop.example.jp/js.stripe.com/v3/",
}
PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.DEBUG, s.ALLOWED_HOSTS, s.CELERY_TASK_ALWAYS_EAGER)"
)
SETUP = "import django; django.setup(); from django.conf import settings as s; "


# What this process's environment must not pass on to the settings probed (the browser
# tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for this process only).
NOT_INHERITED = {
    *PRODUCTION_ENV,
    *STAGING_ENV,
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_CSP_REPORT_ONLY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _run(command: list[str], module: str | None, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    clean_env.update(env)
    if module:
        clean_env["DJANGO_SETTINGS_MODULE"] = module
    return subprocess.run(command, cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=120)


def _refusal(result: subprocess.CompletedProcess) -> str:
    """The message a refused start ended with (not the traceback's source lines, which name variables too)."""
    assert result.returncode != 0, result.stdout
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: "), result.stderr
    return last_line


def _settings_probe(module: str, env: dict[str, str], probe: str = PROBE) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-c", probe], module, env)


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = _settings_probe("shop.settings.production", env)

    assert missing in _refusal(result)


def test_production_starts_with_everything_set():
    result = _settings_probe("shop.settings.production", PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["django.db.backends.postgresql", "False"]


def test_local_defaults_to_sqlite_and_eager_tasks():
    result = _settings_probe("shop.settings.local", {})  # no DATABASE_URL, no broker

    assert result.returncode == 0, result.stderr
    engine, debug, *_hosts, eager = result.stdout.split()
    assert (engine, debug, eager) == ("django.db.backends.sqlite3", "True", "True")


EAGER_TASK_PROBE = """
import django
django.setup()
from shop.celery import app

@app.task(name="probe.confirm")
def confirm():
    return "ran in this process"

print(confirm.delay().get())
"""


# As after a plain `pip install .`, with no PostgreSQL driver (None in sys.modules fails the import).
WITHOUT_POSTGRESQL_DRIVER = "import sys; sys.modules['psycopg'] = sys.modules['psycopg2'] = None; " + PROBE


@pytest.mark.parametrize(
    ("module", "env"),
    [
        ("shop.settings.local", {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/offsetmart"}),
        ("shop.settings.production", PRODUCTION_ENV),
    ],
)
def test_postgresql_without_its_driver_stops_the_start_saying_what_to_install(module, env):
    result = _settings_probe(module, env, WITHOUT_POSTGRESQL_DRIVER)

    refusal = _refusal(result)
    assert "DATABASE_URL names PostgreSQL" in refusal and 'pip install ".[postgresql]"' in refusal


def test_an_eager_task_under_local_settings_logs_no_broker_warning():
    # given the settings `make run` uses: no broker, so tasks run in the web process
    # when a task is queued as the shop queues its work (placing an order sends e-mail this way)
    result = _settings_probe("shop.settings.local", {}, EAGER_TASK_PROBE)

    # then it ran, and kombu printed no warning that reads like a broken broker set-up
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ran in this process"
    assert "No hostname was supplied" not in result.stderr
    assert "kombu" not in result.stderr


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


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CELERY_BROKER_URL", ""),
        ("CELERY_BROKER_URL", "memory://"),
        ("CELERY_BROKER_URL", "filesystem://"),
        ("CACHE_URL", "locmemcache://"),
        ("CACHE_URL", "dummycache://"),
        ("CACHE_URL", "filecache:///var/tmp/offsetmart-cache"),
        ("CACHE_URL", "dbcache://cache_table"),
        ("CACHE_URL", "pymemcache://memcached.internal:11211"),
        ("EMAIL_URL", "consolemail://"),
        ("EMAIL_URL", "memorymail://"),
        ("EMAIL_URL", "dummymail://"),
        ("EMAIL_URL", "filemail:///var/tmp/mail"),
        ("SHOP_BASE_URL", "http://127.0.0.1:8000"),
        ("SHOP_BASE_URL", "http://localhost"),
        ("SHOP_BASE_URL", "shop.example.jp"),
        ("DJANGO_ADMINS", ""),
        ("DJANGO_ADMINS", "Ops Desk <ops at midori-carbon.co.jp>"),
        ("DJANGO_ADMINS", "Ops Desk <ops@midori-carbon.co.jp>, dev@offsetmart.example"),
        ("SHOP_BASE_URL", "https://shop.example.jp"),
        ("SHOP_BASE_URL", "https://203.0.113.10"),
        ("COMPANY_NAME", "オフセットマート株式会社"),
        ("COMPANY_ADDRESS_EN", "Demo Building 5F, 1-0-0 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan"),
        ("COMPANY_REPRESENTATIVE", "代表取締役 山田 花子"),
        ("COMPANY_PHONE", "03-0000-0000"),
        ("COMPANY_NAME_EN", " "),
        ("COMPANY_INVOICE_REGISTRATION_NUMBER", "T0000000000000"),
        ("COMPANY_INVOICE_REGISTRATION_NUMBER", "3120001234567"),
        ("COMPANY_INVOICE_REGISTRATION_NUMBER", "T312000123456"),
        ("COMPANY_INVOICE_REGISTRATION_NUMBER", "T-3120001234567"),
        ("COMPANY_EMAIL", "support@offsetmart.example"),
        ("COMPANY_EMAIL", "info@midori.test"),
        ("COMPANY_EMAIL", "info@example.co.jp"),
        ("DEFAULT_FROM_EMAIL", "noreply@localhost"),
        ("DEFAULT_FROM_EMAIL", "Offset Mart <noreply@offsetmart.example>"),
    ],
)
def test_production_refuses_what_cannot_work_for_real_customers_on_many_hosts(variable, value):
    result = _settings_probe("shop.settings.production", {**PRODUCTION_ENV, variable: value})

    refusal = _refusal(result)
    assert variable in refusal
    assert "Set " in refusal  # and says what to set


def test_production_takes_redis_for_the_cache_and_smtp_for_mail_through_the_gateway():
    probe = SETUP + (
        "print(s.CACHES['default']['BACKEND'], s.EMAIL_DELIVERY_BACKEND, s.EMAIL_BACKEND, "
        "s.SESSION_ENGINE, s.CELERY_BROKER_URL)"
    )

    for cache_url in ("rediscache://redis.internal:6379/1", "redis://redis.internal:6379/1"):
        result = _settings_probe(
            "shop.settings.production", {**PRODUCTION_ENV, "CACHE_URL": cache_url}, probe
        )

        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [
            "django.core.cache.backends.redis.RedisCache",
            "django.core.mail.backends.smtp.EmailBackend",
            "legal.processors.mail.GatewayOnlyEmailBackend",
            "django.contrib.sessions.backends.db",
            "redis://redis.internal:6379/0",
        ]


def test_server_error_reports_go_to_the_admins_named_in_the_environment():
    probe = SETUP + "print(s.ADMINS)"

    result = _settings_probe("shop.settings.production", PRODUCTION_ENV, probe)

    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip()
        == "[('Ops Desk', 'ops@midori-carbon.co.jp'), ('', 'dev-oncall@midori-carbon.co.jp')]"
    )


def test_production_logs_no_request_details_to_django_mail_admins_but_reports_through_its_own_handler():
    probe = SETUP + (
        "import logging; names = list(logging.root.manager.loggerDict); "
        "loggers = [logging.root, *(logging.getLogger(name) for name in names)]; "
        "print(sorted({type(h).__name__ for logger in loggers for h in getattr(logger, 'handlers', [])})); "
        "print([type(h).__name__ for h in logging.getLogger('django.request').handlers], "
        "[type(h).__name__ for h in logging.getLogger('celery.app.trace').handlers])"
    )

    result = _settings_probe("shop.settings.production", PRODUCTION_ENV, probe)

    assert result.returncode == 0, result.stderr
    all_handlers, reporting = result.stdout.splitlines()
    assert "AdminEmailHandler" not in all_handlers
    assert reporting == "['ServerErrorReportHandler'] ['ServerErrorReportHandler']"


STAGING_PROBE = SETUP + (
    "from shop.payments.stripe.browser_policy import stripe_csp_sources; "
    "print(s.STAGING, s.DEBUG, s.STRIPE_API_BASE, s.COMPANY['phone'], s.MIDDLEWARE[0]); "
    "print(stripe_csp_sources())"
)


def test_staging_starts_with_localstripe_and_the_demo_company_and_lets_browsers_reach_localstripe():
    result = _settings_probe("shop.settings.staging", STAGING_ENV, STAGING_PROBE)

    assert result.returncode == 0, result.stderr
    marks, policy = result.stdout.splitlines()
    assert marks.split() == [
        "True",
        "False",
        "http://127.0.0.1:8420",
        "03-0000-0000",
        "shop.middleware.StagingMiddleware",
    ]
    # Browsers load localstripe's Stripe.js from the public address and it calls its API there.
    assert policy == repr(
        {
            "script-src": ["https://stripe.staging.shop.example.jp"],
            "connect-src": ["http://127.0.0.1:8420", "https://stripe.staging.shop.example.jp"],
        }
    )


def test_staging_may_rehearse_with_stripe_test_mode_instead():
    env = {k: v for k, v in STAGING_ENV.items() if k not in {"STRIPE_API_BASE", "STRIPE_JS_URL"}}

    result = _settings_probe(
        "shop.settings.staging", {**env, "STRIPE_SECRET_KEY": "sk_test_abc"}, STAGING_PROBE
    )

    assert result.returncode == 0, result.stderr
    assert "https://js.stripe.com" in result.stdout.splitlines()[1]


@pytest.mark.parametrize(
    "missing", ["CELERY_BROKER_URL", "CACHE_URL", "EMAIL_URL", "DJANGO_ADMINS", "DJANGO_SECRET_KEY"]
)
def test_staging_still_demands_the_production_stack(missing):
    env = {k: v for k, v in STAGING_ENV.items() if k != missing}

    result = _settings_probe("shop.settings.staging", env)

    assert missing in _refusal(result)


@pytest.mark.parametrize("variable", ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY"])
def test_staging_refuses_live_stripe_keys(variable):
    result = _settings_probe("shop.settings.staging", {**STAGING_ENV, variable: PRODUCTION_ENV[variable]})

    assert variable in _refusal(result)


def test_production_is_not_marked_as_staging():
    probe = SETUP + "print(s.STAGING, 'shop.middleware.StagingMiddleware' in s.MIDDLEWARE)"

    result = _settings_probe("shop.settings.production", PRODUCTION_ENV, probe)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_staging_passes_the_deployment_checks():
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "shop.settings.staging",
        STAGING_ENV,
    )

    assert result.returncode == 0, result.stderr


def test_a_celery_worker_started_without_settings_runs_production_not_local():
    # What `celery -A shop worker` does first: import the shop package and its Celery app.
    probe = (
        "from shop.celery import app; from django.conf import settings as s; "
        "print(s.SETTINGS_MODULE, s.DEBUG, app.conf.task_always_eager, app.conf.broker_url)"
    )

    configured = _run([sys.executable, "-c", probe], None, PRODUCTION_ENV)
    bare = _run([sys.executable, "-c", probe], None, {})

    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.split() == [
        "shop.settings.production",
        "False",
        "False",
        "redis://redis.internal:6379/0",
    ]
    assert "DJANGO_SECRET_KEY" in _refusal(bare)  # refused, never DEBUG on local settings


def test_manage_py_still_runs_local_settings_without_being_told():
    command = [
        sys.executable,
        "manage.py",
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SETTINGS_MODULE)",
    ]

    result = _run(command, None, {})

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "shop.settings.local"
