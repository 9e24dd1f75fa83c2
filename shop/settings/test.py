"""Settings for the test suite (pytest-django)."""

from .base import *  # noqa: F403
from .base import BASE_DIR, EAGER_BROKER_URL, INSTALLED_APPS, REST_FRAMEWORK, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-output" / "media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-output" / "private"
# Tests run tasks eagerly, whatever CELERY_BROKER_URL the environment has; the
# real Celery worker that the worker tests start (tests/worker_fixtures.py) is
# told CELERY_WORKER_PROCESS=1 and takes its broker from CELERY_BROKER_URL.
if env.bool("CELERY_WORKER_PROCESS", default=False):
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL")
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_BROKER_URL = EAGER_BROKER_URL
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Serve static files from the finders: tests don't run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The OpenAPI schema's generator: drf-spectacular and the annotations it reads (shop/api/openapi/).
# A development tool, installed with the test tools and never by a deployed shop, which serves the
# committed schema files: the tests check them against the code, `make schema` writes them.
INSTALLED_APPS = [*INSTALLED_APPS, "drf_spectacular", "shop.api.openapi.apps.OpenApiSchemaConfig"]
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Offset Mart API",
    "DESCRIPTION": (
        "Carbon-offset credits for business buyers: projects and batches on sale, quotes, footprint "
        "estimates, and your own orders, certificates and invoices. Send your API key (created on your "
        "account page) as `Authorization: Bearer <key>`. Amounts are whole yen, tax included."
    ),
    "VERSION": "1",
}
