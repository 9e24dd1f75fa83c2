"""Production settings: no default for anything secret or site-specific.

Starting without DJANGO_SECRET_KEY, DATABASE_URL or ALLOWED_HOSTS fails at
once with ImproperlyConfigured instead of running on unsafe defaults.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STRIPE_API_BASE, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

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

# Real payments only: an offline Stripe peer (localstripe) is never allowed here.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET")
if STRIPE_API_BASE or "localstripe" in STRIPE_SECRET_KEY:
    raise ImproperlyConfigured("Production settings refuse an offline Stripe peer (STRIPE_API_BASE).")
STRIPE_JS_URL = ""  # Stripe's own

# Staff sign in with their own authenticator app or recovery codes: a demo code is never issued
# or accepted here, whatever the environment says.
DEMO_STAFF_RECOVERY_CODES = False
