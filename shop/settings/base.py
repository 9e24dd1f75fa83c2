"""Settings shared by every environment.

Every value comes through the one ``env`` object with a safe local default;
production.py removes the defaults for secrets.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F401  (Oscar's documented way to get its defaults)

from .refusals import refuse_postgresql_without_driver

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime data of a local install: SQLite file, media

env = environ.Env()

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only for local use; production.py demands DJANGO_SECRET_KEY.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-only-insecure-key-do-not-deploy")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# How many reverse proxies (load balancer, nginx…) of our own stand in front of the shop, each
# appending to X-Forwarded-For. 0: the client is REMOTE_ADDR and the header is ignored. Set it
# exactly: too low and every client shares the proxy's address (one login lockout or decline
# limit for everyone), too high and clients choose their own address. common/http.py reads it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SITE_ID = 1
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Database ---------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
# Keep connections open between requests (a connection per request is slow).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
refuse_postgresql_without_driver(database=DATABASES["default"])

# --- Applications -----------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    # Oscar, with our forks in place of the apps we change (Oscar's way).
    "shop.config.OffsetMartShop",
    "shop.apps.analytics.apps.AnalyticsConfig",
    "shop.apps.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "shop.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "shop.apps.communication.apps.CommunicationConfig",
    "shop.apps.partner.apps.PartnerConfig",
    "shop.apps.basket.apps.BasketConfig",
    "shop.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "shop.apps.order.apps.OrderConfig",
    "shop.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "shop.apps.dashboard.certificates.apps.CertificatesDashboardConfig",
    "shop.apps.dashboard.privacy_requests.apps.PrivacyRequestsDashboardConfig",
    "shop.apps.dashboard.two_factor.apps.TwoFactorDashboardConfig",
    "shop.apps.dashboard.invoices.apps.InvoicesDashboardConfig",
    # Third-party apps Oscar depends on
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    "csp",  # its system checks; the policy is sent by its middleware
    # Staff two-factor sign-in: authenticator apps (TOTP) and recovery codes (static).
    "django_otp",
    "legal.staff.two_factor_apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
    "legal.staff.two_factor_apps.RecoveryCodesConfig",  # django_otp.plugins.otp_static
    # Offset Mart
    "shop.setup.apps.ShopSetupConfig",  # `manage.py shop_setup`, the first run of a new shop
    "offsets.apps.OffsetsConfig",
    "legal.apps.LegalConfig",
    "shop.invoices.apps.InvoicesConfig",  # qualified invoices and receipts
    # The business buyers' API (/api/v1/): Django REST framework, the API keys, the endpoints and the
    # OpenAPI schema, served from committed files (its generator is in the test settings only)
    "rest_framework",
    "shop.api.apps.ApiConfig",
    "shop.operations.apps.OperationsConfig",  # /healthz/ and beat's heartbeat, public media
    # django-axes (login throttling), under its admin name and keeping no form data
    "shop.login_throttle.apps.AxesConfig",
]

MIDDLEWARE = [
    # First, so its line and X-Request-ID cover every response, redirects and errors included.
    "shop.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the headers too.
    "csp.middleware.CSPMiddleware",
    "common.permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the session cookie, the path or form data: control characters
    # (NUL above all, which PostgreSQL cannot hold) get a 400 instead of a server error.
    "shop.middleware.ControlCharacterMiddleware",
    # Images under MEDIA_URL, answered before any session or user is looked at (no Vary: Cookie).
    "shop.operations.middleware.PublicMediaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the second factor proved in this session, if any…
    "django_otp.middleware.OTPMiddleware",
    # …which staff need before any dashboard, admin or other staff page opens.
    "shop.apps.dashboard.two_factor.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    # Last, as axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "shop.context_processors.shop_settings",
                "legal.documents.context_processors.legal",
            ],
            "builtins": ["shop.templatetags.shop_tags"],
        },
    }
]

# Widgets render through TEMPLATES, so templates/ can override a widget's template too
# (templates/oscar/forms/widgets/image_input_widget.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

AUTHENTICATION_BACKENDS = (
    # First: refuses locked-out accounts and IP addresses before any password is checked.
    "shop.login_throttle.backends.LockoutBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Content-Security-Policy and Permissions-Policy ----------------------------
# One policy for every environment (local, tests, production), so the browser test
# (tests/browser/test_content_security_policy.py) checks exactly what production sends.
# Scripts run only from our own origin or inline with this response's nonce
# (`<script nonce="{{ request.csp_nonce }}">`); no inline event handlers, no eval.
# Stripe.js, its frames and its API are added only on the payment pages
# (shop/payments/stripe/browser_policy.py, `stripe_allowed`).
CONTENT_SECURITY_POLICY_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    # <style> elements need the nonce like scripts. Style *attributes* are allowed: Oscar's
    # templates and the dashboard's JavaScript libraries set them (display:none, bar heights),
    # and an attribute can restyle an element but neither run script nor read the page.
    "style-src": [SELF, NONCE],
    "style-src-attr": [UNSAFE_INLINE],
    # Bootstrap's form and select icons are data: SVGs; product images are our own media.
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],  # as X-Frame-Options: DENY
}
# An operator can switch the policy to report-only (the browser logs violations but
# blocks nothing), e.g. when Stripe starts loading from a host the policy lacks and
# payments break; the policy is then fixed and enforcement switched back on.
if env.bool("DJANGO_CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CONTENT_SECURITY_POLICY_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CONTENT_SECURITY_POLICY_DIRECTIVES}
# Browser features no page of the shop uses are off for the page and every frame in it
# (common/permissions_policy.py). Stripe's frames may use the Payment Request API; they
# exist only on the payment pages, where the Content-Security-Policy lets them load.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": ["self", "https://js.stripe.com"],
    "usb": [],
}

# --- Languages --------------------------------------------------------------
# Japanese is the default (unprefixed URLs); English lives under /en/.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Tokyo"

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise before Django.
# Without it the admin's pages (no icon link) made browsers fetch /favicon.ico, whose 404 page,
# rendered for a visitor with no CSRF cookie yet, set a new one and broke the form just loaded.
WHITENOISE_ROOT = BASE_DIR / "shop" / "public"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))


# The Japanese TrueType font every PDF embeds (certificates, invoices, personal-data exports):
# common/pdf.py. By default IPAexGothic, vendored with its licence in common/fonts/ (package data:
# `shop` and `common` sit side by side in a checkout and in site-packages after `pip install .`).
PDF_FONT_PATH = env.str("PDF_FONT_PATH", default=str(BASE_DIR / "common" / "fonts" / "ipaexg.ttf"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Cache ------------------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://offsetmart")}

# Home, catalogue and product pages are kept in the cache for visitors without a session, basket
# or messages (shop/page_cache.py) at most this long; every change of the catalogue (batch,
# price, stock, sale, hold) starts afresh at once, and a page never outlives the next hold's
# expiry. 0 turns the page cache off.
STOREFRONT_CACHE_SECONDS = env.int("STOREFRONT_CACHE_SECONDS", default=60)

# sorl-thumbnail notes the thumbnails it made in the cache, so reading a page never writes a
# row (common/thumbnails.py).
THUMBNAIL_KVSTORE = "common.thumbnails.CacheKVStore"

# --- E-mail -----------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every e-mail leaves through the processor gateway (legal/processors/outbox.py); the backend
# Django uses refuses anything else and hands the rest to the configured one.
EMAIL_DELIVERY_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "legal.processors.mail.GatewayOnlyEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Offset Mart <noreply@offsetmart.example>")
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------
# With no broker configured, tasks run eagerly in the web process (local use,
# tests); production sets CELERY_BROKER_URL to Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Eager tasks still take a producer from kombu's pool to serialize their arguments; a broker URL
# without a host made kombu warn "No hostname was supplied" on every task, which reads like a
# broken broker set-up. The in-memory transport ignores the host: naming one keeps kombu quiet.
EAGER_BROKER_URL = "memory://localhost/"
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = EAGER_BROKER_URL  # never used for eager tasks
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_BEAT_SCHEDULE = {
    # Work the processor registry held back is retried when the registry
    # changes, and on this schedule in case a worker was down at that moment.
    "outbox-retry-waiting": {"task": "legal.tasks.outbox_retry_waiting", "schedule": 10 * 60},
    "processors-review-alert": {"task": "legal.tasks.processors_review_alert", "schedule": 24 * 60 * 60},
    "reservations-release-expired": {"task": "offsets.tasks.reservations_release_expired", "schedule": 60},
    "privacy-requests-housekeeping": {
        "task": "legal.privacy_requests.tasks.privacy_requests_housekeeping",
        "schedule": 6 * 60 * 60,
    },
    # Substitutions whose advance notice period is over are carried out.
    "substitutions-carry-out-due": {"task": "offsets.tasks.substitutions_carry_out_due", "schedule": 60 * 60},
    "certificates-complete-waiting": {
        "task": "offsets.tasks.certificates_complete_waiting",
        "schedule": 10 * 60,
    },
    # Product views are counted in the cache (no write per page view); they reach Oscar's
    # analytics rows (the dashboard's product report) here.
    "product-views-fold": {"task": "shop.apps.analytics.tasks.product_views_fold", "schedule": 10 * 60},
    # The public ledger's invariants are checked daily; discrepancies go to staff (README, "Public ledger").
    "ledger-reconcile": {"task": "offsets.tasks.ledger_reconcile", "schedule": 24 * 60 * 60},
    # Personal data past its retention period is deleted or anonymised daily.
    "personal-data-purge": {"task": "legal.tasks.personal_data_purge", "schedule": 24 * 60 * 60},
    # Proof for /healthz/ that beat and a worker run. A heartbeat not run within the minute is
    # dropped (expires): after an outage the worker finds one fresh beat, not a queue of stale ones.
    "beat-heartbeat": {
        "task": "shop.operations.tasks.heartbeat_record",
        "schedule": 60,
        "options": {"expires": 60},
    },
}
# /healthz/ (shop/operations/health.py): how long its checks may take in all, and how long beat may
# go without a heartbeat (it beats every minute) before it counts as down.
HEALTHZ_TIMEOUT_SECONDS = env.float("HEALTHZ_TIMEOUT_SECONDS", default=2.0)
HEALTHZ_BEAT_MAX_AGE_MINUTES = env.int("HEALTHZ_BEAT_MAX_AGE_MINUTES", default=5)

# --- Stripe -------------------------------------------------------------------
# Without real keys the shop talks to localstripe on loopback (tests, `make run`).
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="sk_test_localstripe")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="pk_test_localstripe")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="whsec_localstripe")
# API base of an offline peer (localstripe), e.g. http://127.0.0.1:8420; empty means real Stripe.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# Stripe.js; empty means Stripe's own, or the offline peer's when STRIPE_API_BASE is set.
STRIPE_JS_URL = env.str("STRIPE_JS_URL", default="")
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=10.0)
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=1)
# Card testing: declined card attempts allowed an hour per checkout session or e-mail, and per
# IP address (higher: many people can share one address). common/throttle.py counts them.
CHECKOUT_DECLINES_PER_HOUR = env.int("CHECKOUT_DECLINES_PER_HOUR", default=5)
CHECKOUT_DECLINES_PER_HOUR_PER_IP = env.int("CHECKOUT_DECLINES_PER_HOUR_PER_IP", default=20)
# The footprint calculator's JSON estimate (/api/footprint/estimate/): requests an hour per IP address.
CALCULATOR_API_PER_HOUR_PER_IP = env.int("CALCULATOR_API_PER_HOUR_PER_IP", default=60)
# The final confirmation page is the gate to payment: an order is placed only from a page shown
# to the session at most this many minutes ago (shop/apps/checkout/confirmation.py).
CHECKOUT_CONFIRMATION_MINUTES = env.int("CHECKOUT_CONFIRMATION_MINUTES", default=30)
# A second click on the same confirmation waits this long for the first click's order.
CHECKOUT_DOUBLE_SUBMIT_WAIT_SECONDS = env.float("CHECKOUT_DOUBLE_SUBMIT_WAIT_SECONDS", default=5.0)

# --- Login throttling (django-axes; shop/login_throttle/) ---------------------
# Every login form (/accounts/login/, /dashboard/login/, /admin/login/, the checkout's
# returning-customer form) counts failed sign-ins per account (the e-mail or username typed)
# and, separately, per client IP address. Either reaching the limit locks it out for the
# cool-off, then it unlocks by itself: per account stops guessing one password from many
# addresses, per address stops trying a few passwords on many accounts. Attempts made while
# locked out do not extend the lock, so an attacker cannot keep a customer out with one try
# per cool-off; staff can unlock sooner (README, "Login throttling").
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success does not wipe the count: it would also wipe the IP address's count, letting an
# attacker with an account of their own reset it between guesses.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "common.http.client_network"  # an IPv6 /64 counts as one address
AXES_USERNAME_CALLABLE = "shop.login_throttle.attempts.attempt_username"
AXES_LOCKOUT_CALLABLE = "shop.login_throttle.views.lockout_response"
# Only the attempts being counted are stored (AccessAttempt, gone after the cool-off, at
# most the "server_logs" period): no log of every sign-in or failure with its IP address.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False  # no banner on every start; failures are still logged, without names or addresses

# --- Search -----------------------------------------------------------------
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
# The simple backend searches the database directly; there is no index to update.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# --- Oscar ------------------------------------------------------------------
OSCAR_SHOP_NAME = "Offset Mart"
OSCAR_SHOP_TAGLINE = _("Carbon offset credits, retired in your name")
# Where sign-in, registration, sign-out and the checkout send people: URLs reversed lazily, so
# each is resolved in the language of the request and a visitor under /en/ stays under /en/
# (paths like "/" or Django's default "/accounts/profile/" always led to the Japanese pages).
OSCAR_HOMEPAGE = reverse_lazy("home")
LOGIN_URL = reverse_lazy("customer:login")
LOGIN_REDIRECT_URL = reverse_lazy("customer:summary")
# What Oscar shows for a product without an image (basket, checkout) when its project has no photo
# either (shop/apps/catalogue/models.py): an illustration of offsets, in static/oscar/img/, where
# Oscar looks for it; its own placeholder read "Image Not Available" in English.
OSCAR_MISSING_IMAGE_URL = "offset-project.png"
OSCAR_DEFAULT_CURRENCY = "JPY"
# Whole yen everywhere: "¥3,300". The (tax-incl.) marker is added by the
# yen_incl_tax filter, not here, so totals can be labelled as needed.
OSCAR_CURRENCY_FORMAT = {"JPY": {"format": "¥#,##0", "currency_digits": False}}
# Prices are tax-inclusive (総額表示), so offers discount the price customers see.
OSCAR_OFFERS_INCL_TAX = True
# Discounts are cut to whole yen (fractions dropped), like every other amount.
OSCAR_OFFER_ROUNDING_FUNCTION = "offsets.money.offer_discount_round"
OSCAR_ALLOW_ANON_CHECKOUT = True
# Orders exist only once paid. No status leads back: there are no refunds or cancellations.
OSCAR_INITIAL_ORDER_STATUS = "paid"
OSCAR_INITIAL_LINE_STATUS = "paid"
OSCAR_ORDER_STATUS_PIPELINE = {
    # Recording the registry retirement of every line moves a paid order to "retired".
    "paid": ("awaiting retirement", "retired", "disputed"),
    "awaiting retirement": ("retired", "disputed"),
    "retired": ("certificate issued", "disputed"),
    "certificate issued": ("disputed",),
    "disputed": ("awaiting retirement", "retired", "certificate issued"),
}
OSCAR_LINE_STATUS_PIPELINE = {"paid": ("retired",), "retired": ()}
OSCAR_ORDER_STATUS_CASCADE = {"retired": "retired"}
# No cap on the tonnes in a basket (Oscar's default caps it at 10,000 "items"): a company may buy
# 25,000 t at once. What limits a basket is what is for sale (each batch's tonnes less live holds,
# the stock mirror Oscar checks) and the largest card payment below; Oscar's offer applicator keeps
# its own cap of 10,000 applications per offer, the reason Oscar gives for the basket cap.
OSCAR_MAX_BASKET_QUANTITY_THRESHOLD = None
# The largest card payment Stripe takes in JPY (¥99,999,999): an order above it is refused
# before anything is reserved or charged, with a message asking to split it.
ORDER_TOTAL_MAX_YEN = 99_999_999
# The recently-viewed cookie is a preference cookie: shop/apps/customer/history.py
# writes it only with the visitor's consent. Product pages show six others.
OSCAR_RECENTLY_VIEWED_PRODUCTS = 7
# Oscar's default names a cookie it never sets; log-out clears the real one.
OSCAR_COOKIES_DELETE_ON_LOGOUT = [OSCAR_RECENTLY_VIEWED_COOKIE_NAME]
OSCAR_HIDDEN_FEATURES = ["reviews", "wishlists"]
# Stock alerts are sent by `oscar_send_alerts` in the background, not on every
# stock record save (which the batch services do often).
OSCAR_EAGER_ALERTS = False
# Oscar's menu plus the certificates section. Its entries use Oscar's default access_fn,
# which checks the permissions the section's views demand (is_staff and
# offsets.view_certificate): operations staff see it, customers never do.
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,
    {
        "label": _("Certificates"),
        "icon": "fas fa-certificate",
        "children": [
            {"label": _("Retirement and certificate queue"), "url_name": "dashboard:certificate-queue"},
            {"label": _("Certificates"), "url_name": "dashboard:certificate-list"},
        ],
    },
    {
        "label": _("Privacy requests"),
        "icon": "fas fa-user-shield",
        "url_name": "dashboard:privacy-request-list",
    },
    {
        "label": _("Invoices"),
        "icon": "fas fa-file-invoice",
        "url_name": "dashboard:invoice-list",
    },
    # Every staff member: set up the authenticator app on a new phone (new recovery codes too).
    {
        "label": _("Two-factor sign-in"),
        "icon": "fas fa-key",
        "url_name": "dashboard:two-factor-enrol",
    },
]

# --- Offset Mart ------------------------------------------------------------
# Japanese consumption tax, percent; prices are stored tax-inclusive.
CONSUMPTION_TAX_RATE_PERCENT = 10
# Order numbers are this plus a database sequence (never basket ids).
OFFSET_MART_ORDER_NUMBER_OFFSET = 100000
# Certificate numbers read "OM-2026-000123".
CERTIFICATE_NUMBER_PREFIX = env.str("CERTIFICATE_NUMBER_PREFIX", default="OM")
# How long tonnes are held for a buyer whose payment is being taken.
OFFSETS_RESERVATION_MINUTES = env.int("OFFSETS_RESERVATION_MINUTES", default=15)
# How many days before a substitution of credits (instead of a refund) the customer is told
# what will be delivered instead; it is carried out once the notice has gone out and this passed.
SUBSTITUTION_NOTICE_DAYS = env.int("SUBSTITUTION_NOTICE_DAYS", default=7)
# The superuser `manage.py shop_setup` creates when no account has this e-mail yet (the config
# file may name it instead). The password comes only from the environment of that one command.
SHOP_SETUP_SUPERUSER_EMAIL = env.str("DJANGO_SUPERUSER_EMAIL", default="")
SHOP_SETUP_SUPERUSER_PASSWORD = env.str("DJANGO_SUPERUSER_PASSWORD", default="")
DEMO_STAFF_EMAIL = env.str("DEMO_STAFF_EMAIL", default="staff@offsetmart.example")
DEMO_STAFF_PASSWORD = env.str("DEMO_STAFF_PASSWORD", default="offsetmart-demo")
# Demo recovery codes for the demo staff member (`manage.py demo_staff_codes`): issued and
# accepted only where this is on. Off by default; local.py turns it on; production forces it off.
DEMO_STAFF_RECOVERY_CODES = env.bool("DEMO_STAFF_RECOVERY_CODES", default=False)
# What staff authenticator apps show the codes under.
OTP_TOTP_ISSUER = OSCAR_SHOP_NAME

# The company behind the shop: one place for the legal pages (特定商取引法に基づく
# 表記), the inquiry contact and the footer. `<field>_en` is shown on English pages.
# Each field comes from COMPANY_<FIELD> (COMPANY_NAME_EN, COMPANY_INVOICE_REGISTRATION_NUMBER…);
# unset, it is the fictional demo company's, which production refuses (shop/settings/refusals.py).
DEMO_COMPANY = {
    "name": "オフセットマート株式会社",
    "name_en": "Offset Mart K.K.",
    "address": "〒100-0005 東京都千代田区丸の内一丁目0番0号 デモビル5階",
    "address_en": "Demo Building 5F, 1-0-0 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan",
    "representative": "代表取締役 山田 花子",
    "representative_en": "Hanako Yamada, Representative Director",
    "phone": "03-0000-0000",
    "email": "support@offsetmart.example",
    # Qualified invoice issuer registration number: "T" + 13 digits.
    "invoice_registration_number": "T0000000000000",
}
COMPANY = {field: env.str(f"COMPANY_{field.upper()}", default=demo) for field, demo in DEMO_COMPANY.items()}
# --- Invoices and receipts (shop/invoices) ---
# Qualified invoice and receipt numbers read "INV-0000001" / "RCT-0000001", without gaps.
INVOICE_NUMBER_PREFIX = env.str("INVOICE_NUMBER_PREFIX", default="INV")
RECEIPT_NUMBER_PREFIX = env.str("RECEIPT_NUMBER_PREFIX", default="RCT")
# How long the invoice link in the order e-mail opens the invoice (members also find it on the order page).
INVOICE_LINK_DAYS = env.int("INVOICE_LINK_DAYS", default=90)

# --- The business buyers' API (shop/api, /api/v1/) ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["shop.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["shop.api.throttling.ApiKeyRateThrottle"],
    # JSON in, JSON out: no browsable API pages, no form posts.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "shop.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
# Active keys a member may hold at once; requests a key may make per minute (more answer 429);
# requests with a wrong key one address may make per hour before it is refused outright.
API_KEYS_PER_MEMBER = env.int("API_KEYS_PER_MEMBER", default=10)
API_REQUESTS_PER_MINUTE_PER_KEY = env.int("API_REQUESTS_PER_MINUTE_PER_KEY", default=120)
API_WRONG_KEYS_PER_HOUR_PER_IP = env.int("API_WRONG_KEYS_PER_HOUR_PER_IP", default=30)

# The visitor's cookie choice (legal/cookies/consent.py): a signed, strictly necessary
# cookie. After this long, or when the optional cookies change, we ask again.
COOKIE_CONSENT_COOKIE_NAME = "cookie_consent"
COOKIE_CONSENT_MAX_AGE = env.int("COOKIE_CONSENT_MAX_AGE", default=180 * 24 * 60 * 60)

# Requests about personal data (APPI Art. 32-39): due 14 days after receipt
# (Art. 39 lets the person sue two weeks after asking).
PRIVACY_REQUEST_DUE_DAYS = env.int("PRIVACY_REQUEST_DUE_DAYS", default=14)
# Identity documents and disclosed data are private files: never under MEDIA_ROOT,
# no URL, streamed only to staff with permission; deleted the "identity_documents"
# period of PERSONAL_DATA_RETENTION_DAYS after the request closes.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
PRIVACY_UPLOAD_MAX_BYTES = env.int("PRIVACY_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# How long the signed link in a non-member's e-mails opens their request page.
PRIVACY_REQUEST_LINK_DAYS = env.int("PRIVACY_REQUEST_LINK_DAYS", default=30)
# The public request form: submissions allowed per hour from one IP address.
PRIVACY_REQUEST_PUBLIC_PER_HOUR = env.int("PRIVACY_REQUEST_PUBLIC_PER_HOUR", default=5)
# Absolute links in e-mail (change notices, later certificates).
SHOP_BASE_URL = env.str("SHOP_BASE_URL", default="http://127.0.0.1:8000")
# A rehearsal of the production stack (shop/settings/staging.py): every page says so.
STAGING = False

# Personal-data incidents (APPI Art. 26, rule 8): days from discovery within which
# the preliminary report (速報, "promptly": about 3-5 days) and the final report
# (確報: 30 days, 60 when an unlawful purpose may be involved) reach the Commission.
INCIDENT_PRELIMINARY_REPORT_DAYS = env.int("INCIDENT_PRELIMINARY_REPORT_DAYS", default=3)
INCIDENT_FINAL_REPORT_DAYS = env.int("INCIDENT_FINAL_REPORT_DAYS", default=30)
INCIDENT_FINAL_REPORT_DAYS_UNLAWFUL_PURPOSE = env.int(
    "INCIDENT_FINAL_REPORT_DAYS_UNLAWFUL_PURPOSE", default=60
)

# --- Personal data: how long each kind is kept --------------------------------
# Days per retention category (None: for as long as its purpose lasts, e.g.
# while the person is a member). The register (legal/privacy/holdings.py)
# puts every model holding personal data in one category; `manage.py
# personal_data_purge` (daily in Celery beat) deletes or anonymises what is
# older. These are policy, stated in the privacy policy, so they live in code
# and change by review, not per deployment.
PERSONAL_DATA_RETENTION_DAYS = {
    "account": None,  # a member's profile, addresses, baskets, lists, alerts: until they withdraw
    "orders_and_tax": 7 * 365 + 2,  # orders and their contract records: 7 years (Corporation Tax Act)
    # Invoices and receipts issued, from their issue: 10 years (7 under the Corporation Tax Act, 10 for the
    # books of a year whose loss is carried forward; the longer one, as the shop cannot tell which applies).
    "invoices": 10 * 365 + 2,
    "checkout": 180,  # details typed at checkout; the order keeps its own copy
    "provision_records": 3 * 365 + 1,  # hand-overs to processors: 3 years (APPI Art. 30)
    "email_log": 365,  # e-mails sent and the outbox
    "browsing_history": 90,  # Oscar's per-member product views and searches
    "product_alerts": 365,  # stock alerts no longer active
    "admin_log": 3 * 365 + 1,  # the Django admin's history of staff actions
    "server_logs": 90,  # log files and any stored IP address: for server trouble only
    "api_access": 365,  # which API key called which endpoint when: to answer members and spot misuse
    "staff_access_log": 3 * 365 + 1,  # who of the staff looked at whose data: for internal audits
    "privacy_requests": 3 * 365 + 1,  # requests about personal data and our replies, from closing
    "identity_documents": 30,  # identity documents and disclosed copies, from the request's closing
    "incidents": 5 * 365 + 1,  # notices sent to people affected by a breach
    "staff_records": None,  # records of what staff did; the link is cut when the account closes
    "backups": 35,  # database backups (made by the hosting, not the shop): listed for the check below
    "withdrawal_log": 60,  # withdrawal tombstones: longer than any backup lives
}

# Log files (production): one file per day in LOG_DIR, deleted after the
# "server_logs" period. Empty: logs go to the console only.
LOG_DIR = env.str("LOG_DIR", default="")
# Uncaught exceptions (in a request or a Celery task) are reported to ADMINS through the
# processor gateway (shop/server_errors.py): one report per kind of error in this many minutes.
SERVER_ERROR_REPORT_MINUTES = env.int("SERVER_ERROR_REPORT_MINUTES", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # The request log: each line one JSON object, nothing around it.
        "json_line": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "requests_console": {"class": "logging.StreamHandler", "formatter": "json_line"},
        "server_errors": {"class": "shop.server_errors.ServerErrorReportHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers are dropped: its mail_admins handler would mail the request's
        # cookies, form data and query string, and the gateway's e-mail backend refuses it anyway.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"handlers": ["server_errors"]},
        "django.db.backends": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING", "handlers": ["server_errors"]},
        "stripe": {"level": "WARNING"},
        # Axes logs every login at INFO; its warnings (failures, lockouts) mask names and addresses.
        "axes": {"level": "WARNING"},
        # One JSON line per request (shop/request_log.py), at INFO: LOG_LEVEL=WARNING silences it.
        "shop.requests": {"handlers": ["requests_console"], "propagate": False},
    },
}
if LOG_DIR:
    LOGGING["handlers"]["file"] = {
        "class": "common.logfiles.DatedFileHandler",
        "directory": LOG_DIR,
        "prefix": "shop",
        "keep_days": PERSONAL_DATA_RETENTION_DAYS["server_logs"],
        "formatter": "plain",
    }
    LOGGING["root"]["handlers"].append("file")
    LOGGING["handlers"]["requests_file"] = {
        **LOGGING["handlers"]["file"],
        "prefix": "requests",
        "formatter": "json_line",
    }
    LOGGING["loggers"]["shop.requests"]["handlers"] = ["requests_file"]
