"""One shape for every error: ``{"error": {"status", "code", "message", "fields"}}``.

DRF's own errors (bad input, no key, throttled, not found, wrong method, bad JSON) all
pass through ``api_exception_handler``; an address under /api/v1/ that names no endpoint
gets ``not_found`` in the same shape instead of the shop's HTML page.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler

from .languages import api_language


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _fields(detail) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {}
    return {str(field): _messages(value) for field, value in detail.items()}


def error_body(*, status: int, code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "fields": fields or {}}}


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found, or not yours."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a bug, which Django reports as one
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        message = "; ".join(
            text if field == "non_field_errors" else f"{field}: {text}"
            for field, texts in fields.items()
            for text in texts
        ) or "; ".join(_messages(exc.detail))
        code = "invalid"
    else:
        fields = {}
        message = "; ".join(_messages(exc.detail))
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
    response.data = error_body(status=response.status_code, code=code, message=message, fields=fields)
    return response


def not_found(request, *args, **kwargs):
    """Any address under /api/v1/ that is not an endpoint."""
    with api_language(request):
        body = error_body(status=404, code="not_found", message=_("There is no such API endpoint."))
    return JsonResponse(body, status=404)


def api_bad_request(request):
    """A request the shop refuses before any view (control characters in the address)."""
    with api_language(request):
        message = _("The address or its query holds control characters, which no endpoint accepts.")
        body = error_body(status=400, code="bad_request", message=message)
    return JsonResponse(body, status=400)
