"""Stripe.js in the Content-Security-Policy: allowed on the payment pages, nowhere else.

The site-wide policy (``CONTENT_SECURITY_POLICY`` in settings) lets no page load
a script, frame or connection from another host. Views decorated with
``stripe_allowed`` add Stripe's hosts (real Stripe) or the offline peer's origin
(localstripe, which serves a Stripe.js stand-in and answers its calls itself).
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from csp.decorators import csp_update
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from .consts import STRIPE_CSP_SOURCES
from .gateway import browser_config


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def stripe_csp_sources() -> dict[str, list[str]]:
    """The sources a page running Stripe.js adds to each directive of the policy."""
    js_origin = _origin(browser_config().js_url)
    if settings.STRIPE_API_BASE:
        # localstripe's stand-in draws plain inputs (no frames) and calls the API at the origin it
        # was loaded from: on staging browsers load it from a public address (STRIPE_JS_URL) while
        # the server calls STRIPE_API_BASE on its own network.
        api_origins = dict.fromkeys([_origin(settings.STRIPE_API_BASE), js_origin])
        return {"script-src": [js_origin], "connect-src": list(api_origins)}
    sources = {directive: list(origins) for directive, origins in STRIPE_CSP_SOURCES.items()}
    if js_origin not in sources["script-src"]:  # STRIPE_JS_URL set to another host
        sources["script-src"].append(js_origin)
    return sources


def stripe_allowed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Let the pages ``view`` renders load Stripe.js, show Stripe's frames and reach Stripe."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        # Read per request: the tests point STRIPE_API_BASE at a localstripe of their own.
        sources = stripe_csp_sources()
        # Whichever policy is configured, enforced or report-only (DJANGO_CSP_REPORT_ONLY), gets them.
        with_stripe = csp_update(sources)(csp_update(sources, REPORT_ONLY=True)(view))
        return with_stripe(request, *args, **kwargs)

    return wrapped
