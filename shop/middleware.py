"""Middleware of the shop: control characters refused with 400; staging marked on every response."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from common.text import text_has_control_characters
from shop.api.errors import api_bad_request


class ControlCharacterMiddleware:
    """A clear 400 page for control characters in the path, the query string or posted form data.

    PostgreSQL cannot store or even compare text holding NUL: such a value in
    a URL or a form reaching a query is a server error, in any view. One check
    here covers every view, Oscar's included. Cookies holding control
    characters are ignored instead: nobody can see or fix a cookie, and
    without it the request goes on as a fresh visit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.COOKIES = {
            name: value
            for name, value in request.COOKIES.items()
            if not text_has_control_characters(name + value)
        }
        address = [request.path_info, *request.GET, *_values(request.GET)]
        if any(text_has_control_characters(text) for text in address):
            return _bad_request(request)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        # Form data is read only here, once the view is known: a view that reads its raw
        # body itself (csrf_exempt, like the Stripe webhook) must not find it parsed already.
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False):
            return None
        # (Django itself drops control characters from uploaded files' names.)
        names = [*request.POST, *request.FILES]
        if any(text_has_control_characters(name) for name in names) or any(
            text_has_control_characters(typed, multiline=True) for typed in _values(request.POST)
        ):
            return _bad_request(request)
        return None


def _values(data: MultiValueDict) -> list:
    """Every value of every key (a key may come more than once: ``?a=1&a=2``)."""
    return [value for _, values in data.lists() for value in values]


def _bad_request(request: HttpRequest) -> HttpResponse:
    """The 400 page in the language of the address; rendered without the request, so nothing reads it.

    The API answers in its own JSON error shape instead.
    """
    if request.path_info.startswith("/api/v1/"):
        return api_bad_request(request)
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        page = render_to_string("shop/bad_request.html", {"shop_name": settings.OSCAR_SHOP_NAME})
    return HttpResponseBadRequest(page)


ENVIRONMENT_HEADER = "X-Offset-Mart-Environment"


class StagingMiddleware:
    """Mark every response of a staging shop (shop/settings/staging.py) so nobody takes it for the real one.

    Tools and people reading headers see ``X-Offset-Mart-Environment: staging``;
    search engines are asked not to index it, so customers never land there.
    (Pages show the banner through the ``staging`` template variable.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response[ENVIRONMENT_HEADER] = "staging"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
