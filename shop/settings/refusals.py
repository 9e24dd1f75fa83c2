"""Refusals a deployed shop makes at start-up, shared by production.py and staging.py, and the
one every settings module makes: a PostgreSQL DATABASE_URL without PostgreSQL's driver installed.

Each function raises ImproperlyConfigured, naming the environment variable and
what to set it to, when a setting cannot work once the shop runs as several
processes on several hosts, or cannot work for real customers. Settings modules
call them with plain values: Django's settings are not configured yet.
"""

import importlib
import re
from collections.abc import Mapping
from email.utils import getaddresses, parseaddr
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

from common.example_hosts import placeholder_email, placeholder_host

# Brokers that live in one process or on one machine: a worker elsewhere never sees their tasks.
LOCAL_BROKER_SCHEMES = {"memory", "filesystem"}
# Counts (throttles), sessions and locks must be the same for every web process on every host.
SHARED_CACHE_BACKEND = "django.core.cache.backends.redis.RedisCache"
# Django's mail backends that deliver nothing to anyone.
UNDELIVERED_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints each message on the console",
    "django.core.mail.backends.locmem.EmailBackend": "keeps each message in memory",
    "django.core.mail.backends.dummy.EmailBackend": "throws each message away",
    "django.core.mail.backends.filebased.EmailBackend": "writes each message to a local file",
}
INVOICE_REGISTRATION_NUMBER = re.compile(r"T[0-9]{13}")
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104  (names compared, not bound)
POSTGRESQL_ENGINE = "django.db.backends.postgresql"
# The drivers Django's PostgreSQL backend loads, the first it finds: the `postgresql` extra installs psycopg.
POSTGRESQL_DRIVERS = ("psycopg", "psycopg2")


def refuse_postgresql_without_driver(*, database: Mapping) -> None:
    """Refuse a PostgreSQL database when no driver for it is installed.

    A plain `pip install .` (and `make run`) installs none, SQLite being the default; without this
    the shop would stop at its first query with Django's "Error loading psycopg2 or psycopg module".
    """
    if database.get("ENGINE") != POSTGRESQL_ENGINE:
        return
    for driver in POSTGRESQL_DRIVERS:
        try:
            importlib.import_module(driver)
        except ImportError:
            continue
        return
    raise ImproperlyConfigured(
        "DATABASE_URL names PostgreSQL, but its driver (psycopg) is not installed. Install the shop "
        'with its postgresql extra: pip install ".[postgresql]" (make build and make test do).'
    )


def refuse_eager_tasks(*, broker_url: str) -> None:
    """Refuse a missing or process-local Celery broker.

    Without a broker base.py runs every task inside the web request and Celery
    beat's schedule (outbox retries, expired reservations, purges) never runs.
    """
    scheme = broker_url.partition("://")[0].lower()
    if not broker_url.strip() or scheme in LOCAL_BROKER_SCHEMES:
        raise ImproperlyConfigured(
            f"CELERY_BROKER_URL is {broker_url or 'not set'!r}: a deployed shop runs its background work "
            "on Celery workers and beat. Set CELERY_BROKER_URL to Redis, e.g. redis://redis.internal:6379/0."
        )


def refuse_unshared_cache(*, caches: Mapping[str, Mapping]) -> None:
    """Refuse a default cache that is not Redis (CACHE_URL unset gives a per-process memory cache)."""
    backend = caches["default"]["BACKEND"]
    if backend != SHARED_CACHE_BACKEND:
        raise ImproperlyConfigured(
            f"CACHE_URL gives the cache {backend} (unset, a memory cache in each process): throttles and "
            "locks counted there would differ between web processes and hosts. Set CACHE_URL to Redis, "
            "e.g. rediscache://redis.internal:6379/1."
        )


def refuse_undelivered_mail(*, delivery_backend: str) -> None:
    """Refuse an e-mail delivery backend that sends nothing (EMAIL_URL unset gives the console)."""
    if delivery_backend in UNDELIVERED_MAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL gives {delivery_backend}, which {UNDELIVERED_MAIL_BACKENDS[delivery_backend]}: "
            "customers would get no certificates or notices. Set EMAIL_URL to the delivery processor's "
            "SMTP server, e.g. smtp+tls://user:password@smtp.example.jp:587."
        )


def refuse_loopback_base_url(*, base_url: str) -> None:
    """Refuse a shop address (SHOP_BASE_URL, used in e-mail links) that points at the server itself."""
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.hostname in LOOPBACK_HOSTS:
        raise ImproperlyConfigured(
            f"SHOP_BASE_URL is {base_url!r}: links in e-mails would not reach the shop. "
            "Set SHOP_BASE_URL to the address customers use, e.g. https://shop.example.jp."
        )


def refuse_live_stripe_keys(*, secret_key: str, publishable_key: str) -> None:
    """Refuse live Stripe keys where no real payment may be taken (staging)."""
    for variable, key in (("STRIPE_SECRET_KEY", secret_key), ("STRIPE_PUBLISHABLE_KEY", publishable_key)):
        if "_live_" in key:
            raise ImproperlyConfigured(
                f"{variable} is a live key: staging takes no real payments. Set Stripe's test-mode keys "
                "(sk_test_…, pk_test_…), or point STRIPE_API_BASE at localstripe."
            )


def refuse_demo_company(*, company: Mapping[str, str], demo_company: Mapping[str, str]) -> None:
    """Refuse the fictional demo company's details where real customers see them.

    Every field of ``company`` must be set (COMPANY_<FIELD>) and differ from the
    demo company's; the invoice registration number must be "T" and 13 digits.
    """
    for field, demo_value in demo_company.items():
        variable = f"COMPANY_{field.upper()}"
        value = company.get(field, "").strip()
        if not value or value == demo_value:
            state = "not set" if not value else "the demo company's"
            raise ImproperlyConfigured(
                f"{variable} is {state}: the seller's details appear on the 特定商取引法 page, "
                "invoices and e-mails. Set it to the company's own."
            )
    number = company["invoice_registration_number"].strip()
    if not INVOICE_REGISTRATION_NUMBER.fullmatch(number):
        raise ImproperlyConfigured(
            f"COMPANY_INVOICE_REGISTRATION_NUMBER is {number!r}: a qualified invoice issuer's "
            "registration number is T followed by 13 digits. Set it to the company's, e.g. T1234567890123."
        )


def refuse_example_addresses(*, emails: Mapping[str, str], urls: Mapping[str, str]) -> None:
    """Refuse e-mail addresses and site addresses on names kept for examples or one's own machine.

    ``emails`` and ``urls`` map each variable to its value. Mail to such a domain reaches
    nobody, and links to it lead nowhere (common/example_hosts.py says which names these are).
    """
    for variable, address in emails.items():
        if placeholder_email(parseaddr(address)[1]):
            raise ImproperlyConfigured(
                f"{variable} is {address!r}, on a domain for examples that no mail reaches. "
                "Set it to an address of the company's own domain."
            )
    for variable, url in urls.items():
        if placeholder_host(urlsplit(url).netloc):
            raise ImproperlyConfigured(
                f"{variable} is {url!r}, an example name or a bare address. "
                "Set it to the shop's own address, e.g. https://shop.company.jp."
            )


def admins_parse(*, value: str) -> list[tuple[str, str]]:
    """DJANGO_ADMINS ("Name <address>, address, …") as Django's ADMINS: [(name, address), …]."""
    admins = getaddresses([value])
    if not admins or any(not address for _name, address in admins):
        raise ImproperlyConfigured(
            f"DJANGO_ADMINS is {value!r}. Set it to who receives server error reports, "
            'e.g. DJANGO_ADMINS="Hanako Yamada <hanako@company.jp>, ops@company.jp".'
        )
    for _name, address in admins:
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(
                f"DJANGO_ADMINS holds {address!r}, which is not an e-mail address. "
                'Set it to names and addresses, e.g. "Hanako Yamada <hanako@company.jp>, ops@company.jp".'
            ) from None
        if placeholder_email(address):
            raise ImproperlyConfigured(
                f"DJANGO_ADMINS holds {address!r}, on a domain for examples: server error reports "
                "would reach nobody. Set it to the addresses of the people who fix them."
            )
    return admins
