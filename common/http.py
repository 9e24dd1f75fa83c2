"""What a request says about who sent it: the client's IP address, as far as our own proxies vouch for it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address in canonical form, or "" when there is no valid one.

    With ``TRUSTED_PROXY_COUNT`` = 0 (no proxy in front of the shop) it is
    ``REMOTE_ADDR``; ``X-Forwarded-For`` is ignored. Behind N proxies it is the
    address N entries from the right of ``X-Forwarded-For``: each of our
    proxies appends the address it was reached from, so the entries further left
    were written by the client and can say anything. A header with fewer
    entries (a request that did not pass all the proxies) or an entry that is
    not an IP address falls back to ``REMOTE_ADDR``.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= hops:
            address = _ip_or_empty(forwarded[-hops])
            if address:
                return address
    return _ip_or_empty(request.META.get("REMOTE_ADDR", ""))


def _ip_or_empty(value: str) -> str:
    # Canonical form, so that one address spelt two ways (IPv6 zeros, upper case) counts once.
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""
