import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

LOCKED_TEMPLATE = "login_throttle/locked.html"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page a sign-in gets while its account or IP address is locked out (axes' AXES_LOCKOUT_CALLABLE).

    HTTP 429, in the language of the login page's address; it says how long to
    wait without saying whether the account exists.
    """
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    response = render(
        request,
        LOCKED_TEMPLATE,
        {"lockout_minutes": minutes},
        status=429,  # Too Many Requests
    )
    add_never_cache_headers(response)
    return response
