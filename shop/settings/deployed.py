"""Settings every deployed shop shares, production and staging: not a settings module of its own.

No default for anything secret or site-specific: starting without
DJANGO_SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, the Stripe keys or DJANGO_ADMINS
fails at once with ImproperlyConfigured instead of running on unsafe defaults.
Nor does it start on a stack that works on one machine only (shop/settings/refusals.py):
no Celery broker, a cache that is not Redis, e-mail that goes nowhere, e-mail
links to the server itself. production.py adds the refusals for real customers.
"""

from .base import *  # noqa: F403
from .base import CACHES, EMAIL_DELIVERY_BACKEND, SHOP_BASE_URL, env
from .refusals import (
    admins_parse,
    refuse_eager_tasks,
    refuse_loopback_base_url,
    refuse_postgresql_without_driver,
    refuse_undelivered_mail,
    refuse_unshared_cache,
)

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
refuse_postgresql_without_driver(database=DATABASES["default"])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Who receives server error reports (shop/server_errors.py, through the processor gateway).
ADMINS = admins_parse(value=env.str("DJANGO_ADMINS"))

# Every web process on every host shares one broker, one cache and the database. Sessions stay
# in the database (Django's default SESSION_ENGINE), which every process shares already.
refuse_eager_tasks(broker_url=env.str("CELERY_BROKER_URL", default=""))
refuse_unshared_cache(caches=CACHES)
# EMAIL_BACKEND stays base.py's gateway backend; this is what it hands messages on to.
refuse_undelivered_mail(delivery_backend=EMAIL_DELIVERY_BACKEND)
refuse_loopback_base_url(base_url=SHOP_BASE_URL)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
# The Content-Security-Policy and Permissions-Policy come from base.py unchanged, so
# the tests run the very ones production sends. DJANGO_CSP_REPORT_ONLY=True is the
# operator's switch to stop enforcing while a policy that breaks payments is fixed.

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET")

# Staff sign in with their own authenticator app or recovery codes: a demo code is never issued
# or accepted here, whatever the environment says.
DEMO_STAFF_RECOVERY_CODES = False
