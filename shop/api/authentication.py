"""``Authorization: Bearer om_…``: the member's API key. No session, no cookie, so no CSRF either."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from common.http import client_network
from common.throttle import HourlyLimit, throttle_count, throttle_exceeded

from .services import api_key_recognise

SCHEME = "Bearer"


def _wrong_key_limit(request) -> list[HourlyLimit]:
    per_ip = settings.API_WRONG_KEYS_PER_HOUR_PER_IP
    return [HourlyLimit(f"api-wrong-key:ip:{client_network(request)}", per_ip)]


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None  # the permission check then answers 401 with the scheme to use
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != SCHEME.lower() or not secret.strip():
            raise exceptions.AuthenticationFailed(
                _('Send your API key as "Authorization: Bearer <key>".'), code="bad_authorization_header"
            )
        # Keys are 256 random bits, so guessing is hopeless; the limit keeps a broken client from
        # hammering the database with a wrong key.
        limits = _wrong_key_limit(request._request)
        if throttle_exceeded(limits=limits):
            raise exceptions.Throttled(wait=3600, detail=_("Too many requests with a wrong API key."))
        key = api_key_recognise(secret.strip())
        if key is None:
            throttle_count(limits=limits)
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid: it was revoked, or it was never issued."), code="invalid_key"
            )
        return key.user, key

    def authenticate_header(self, request):
        return f'{SCHEME} realm="api"'
