"""The Permissions-Policy header on every response, from ``settings.PERMISSIONS_POLICY``.

``PERMISSIONS_POLICY`` maps a browser feature to the origins allowed to use it:
``[]`` turns it off for the page and every frame in it, ``"self"`` is the page's
own origin, anything else an origin (``"https://js.stripe.com"``).
"""

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

HEADER = "Permissions-Policy"


def permissions_policy_header(*, policy: Mapping[str, Sequence[str]]) -> str:
    """The header value for ``policy``, e.g. ``camera=(), payment=(self "https://js.stripe.com")``."""
    features = []
    for feature, origins in policy.items():
        allowlist = " ".join(origin if origin in ("self", "*") else f'"{origin}"' for origin in origins)
        features.append(f"{feature}=({allowlist})")
    return ", ".join(features)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header to every response that has none yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response
        # Settings don't change while the process runs; build the header once.
        self.header = permissions_policy_header(policy=getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault(HEADER, self.header)
        return response
