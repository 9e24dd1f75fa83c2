"""Storefront pages kept in the cache for visitors who bring nothing of their own to them.

Who is served from the cache: a GET of a page wrapped in ``storefront_page_cache`` by a
visitor whose request carries no cookie but the CSRF cookie and the cookie choice, so no
session (no member, no name), no basket, no messages and no recently-viewed list. Everyone
else gets the page rendered for them, as before.

What is never shared: the page is stored with its CSRF tokens and its Content-Security-Policy
nonce replaced by placeholders, and each response fills in this visitor's own (a freshly
masked token for their CSRF cookie, this response's nonce). The language is in the key (and
in the path), and so is whether the cookie banner shows (the visitor chose or not).

When it is out of date: every change of a batch, project, product, category, price, stock
record (a sale, a hold, a release) bumps the catalogue version after its transaction commits
(``catalogue_version_bump``), and the key holds the version, so the next request renders the
page anew. A hold expiring is not an event: a page is kept no longer than until the next
hold expires, and never longer than ``STOREFRONT_CACHE_SECONDS`` (changes made around the
signals, e.g. a queryset update, show within that).

The public ledger (``/ledger/`` and its CSV and JSON downloads, ``shows_ledger=True``) shows
more than the catalogue: its key also holds the ledger version, bumped the same way by every
change of a sale, a hold, a retirement, a certificate (issued, revoked, reissued, shown or
hidden) or a substitution (``ledger_version_bump``, wired in shop/config.py). Its pages still
hold the catalogue version too, since batches, projects, sales and holds are catalogue changes.
The downloads are kept as they are (no token or nonce in them).
"""

import datetime
import functools
import logging
import math
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language
from oscar.core.loading import get_model

from legal.cookies.consent import consent_read

StockRecord = get_model("partner", "StockRecord")
logger = logging.getLogger(__name__)

VERSION_KEY = "storefront:catalogue-version"
LEDGER_VERSION_KEY = "storefront:ledger-version"
CACHE_HEADER = "X-Page-Cache"
CSRF_PLACEHOLDER = "__storefront_csrf_token__"
NONCE_PLACEHOLDER = "__storefront_csp_nonce__"
# What a kept page is served with besides its text: its type, and a download's file name.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
DOWNLOAD_TYPES = ("text/csv", "application/json")
# v2: pages are kept with their headers; a release that kept them as bare text never reads these.
PAGE_KEY_PREFIX = "storefront:page:v2"
CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
PAGE_QUERY = re.compile(r"(page=\d{1,6})?")  # a page of the list, or nothing


def _version(key: str) -> str:
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        version = cache.get(key)
    return version


def _version_bump(key: str) -> None:
    """Start a new version now, and again once the change is committed.

    Again after the commit: a page rendered between the first bump and the commit read the old
    figures, and must not be served under the version that follows the change.
    """
    cache.set(key, secrets.token_hex(8), timeout=None)
    transaction.on_commit(lambda: cache.set(key, secrets.token_hex(8), timeout=None))


def catalogue_version() -> str:
    """The current catalogue version (a random token; a new one after every change)."""
    return _version(VERSION_KEY)


def catalogue_version_bump(**_signal_arguments) -> None:
    """Start a new catalogue version now and after the commit (a signal receiver too)."""
    _version_bump(VERSION_KEY)


def ledger_version() -> str:
    """The current ledger version (a random token; a new one after every change the ledger shows)."""
    return _version(LEDGER_VERSION_KEY)


def ledger_version_bump(**_signal_arguments) -> None:
    """Start a new ledger version now and after the commit (a signal receiver too)."""
    _version_bump(LEDGER_VERSION_KEY)


def next_hold_expiry(now: datetime.datetime) -> datetime.datetime | None:
    """When the next live hold on any batch expires (and tonnes go back on sale), or None."""
    expiries = [
        expiry
        for holds in StockRecord.objects.exclude(holds=[]).values_list("holds", flat=True)
        for hold in holds or ()
        if (expiry := datetime.datetime.fromisoformat(hold["until"])) > now
    ]
    return min(expiries, default=None)


def _cacheable(request: HttpRequest) -> bool:
    own_cookies = set(request.COOKIES) - {settings.CSRF_COOKIE_NAME, settings.COOKIE_CONSENT_COOKIE_NAME}
    consent = consent_read(request=request)
    return (
        request.method in ("GET", "HEAD")
        and not own_cookies
        # A visitor who allowed optional cookies gets them set by the page itself (the recently
        # viewed list starts on a product page), so their pages are rendered for them.
        and not (consent and consent.categories)
        and PAGE_QUERY.fullmatch(request.META.get("QUERY_STRING", "")) is not None
    )


def _key(request: HttpRequest, *, shows_ledger: bool) -> str:
    banner = "chosen" if consent_read(request=request) else "ask"
    version = f"{catalogue_version()}.{ledger_version()}" if shows_ledger else catalogue_version()
    return f"{PAGE_KEY_PREFIX}:{version}:{get_language()}:{banner}:{request.get_full_path()}"


def _seconds_to_keep(now: datetime.datetime) -> int:
    keep = settings.STOREFRONT_CACHE_SECONDS
    expiry = next_hold_expiry(now)
    if expiry is not None:
        # Rounded down: the page must be gone by the time the hold's tonnes are for sale again.
        keep = min(keep, math.floor((expiry - now).total_seconds()))
    return keep


def _stored(request: HttpRequest, response: HttpResponse) -> dict[str, str]:
    """The page with this visitor's CSRF tokens and nonce replaced by placeholders, with its type
    (and a download's file name)."""
    page = response.content.decode()
    if _is_html(response):
        page = CSRF_FIELD.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", page)
        nonce = getattr(request, "_csp_nonce", None)
        if nonce:
            page = page.replace(f'nonce="{nonce}"', f'nonce="{NONCE_PLACEHOLDER}"')
    kept = {header: response[header] for header in KEPT_HEADERS if header in response}
    return {"page": page, **kept}


def _served(request: HttpRequest, stored: dict[str, str]) -> HttpResponse:
    """The stored page with this visitor's own CSRF token and this response's nonce."""
    page = stored["page"]
    if stored["Content-Type"].startswith("text/html"):
        # Only in a page: a download's text (a beneficiary's name) is never taken for a placeholder.
        if CSRF_PLACEHOLDER in page:
            page = page.replace(CSRF_PLACEHOLDER, get_token(request))
        if NONCE_PLACEHOLDER in page:
            page = page.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    response = HttpResponse(page, content_type=stored["Content-Type"])
    if "Content-Disposition" in stored:
        response["Content-Disposition"] = stored["Content-Disposition"]
    response[CACHE_HEADER] = "hit"  # for operators and the tests: this page came from the cache
    return response


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _keepable(response: HttpResponse, *, shows_ledger: bool) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    # The ledger's CSV and JSON downloads are kept too; any other page only as HTML.
    is_download = response.get("Content-Type", "").startswith(DOWNLOAD_TYPES)
    return _is_html(response) or (shows_ledger and is_download)


def storefront_page_cache(view, *, on_hit=None, shows_ledger: bool = False):
    """Serve ``view``'s page from the cache to visitors who bring nothing of their own (see above).

    ``on_hit(request, *args, **kwargs)`` runs when the page comes from the cache (the view did not).
    ``shows_ledger``: the page shows the public ledger's figures, kept only until the ledger changes.
    """

    @functools.wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.STOREFRONT_CACHE_SECONDS or not _cacheable(request):
            return view(request, *args, **kwargs)
        try:
            key = _key(request, shows_ledger=shows_ledger)
            stored = cache.get(key)
        except Exception:  # the cache is down (e.g. Redis): pages keep working, rendered each time
            logger.warning("The page cache is unavailable; rendering %s", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        if stored is not None:
            if on_hit is not None:
                on_hit(request, *args, **kwargs)
            return _served(request, stored)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if _keepable(response, shows_ledger=shows_ledger):
            keep = _seconds_to_keep(timezone.now())
            if keep >= 1:
                try:
                    cache.set(key, _stored(request, response), timeout=keep)
                except Exception:  # as above: the next visitor gets it rendered too
                    logger.warning("The page cache is unavailable; %s not kept", request.path, exc_info=True)
        return response

    return cached_view
