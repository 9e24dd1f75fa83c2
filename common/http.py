"""What a request says about who sent it: the client's IP address, as far as our own proxies vouch for it,
and the network the throttles count it in."""

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


# How much of an IPv6 address one subscriber holds: providers hand each home or server a /64 (or
# more), inside which a host may take any of 2^64 addresses, one per request if it likes.
IPV6_SUBSCRIBER_PREFIX = 64


def client_network(request: HttpRequest) -> str:
    """What the throttles and the login lockout count attempts against: the client's IPv4 address, or
    the first address of its IPv6 /64 (a valid address, so axes can store it), "" when none.

    Counting single IPv6 addresses would let one host start afresh with each new address of its
    block. Records and logs keep the address itself (``client_ip``).
    """
    address = client_ip(request)
    if not address:
        return ""
    parsed = ipaddress.ip_address(address)
    if parsed.version == 4 or parsed.ipv4_mapped:
        return address
    return str(ipaddress.ip_network(f"{address}/{IPV6_SUBSCRIBER_PREFIX}", strict=False).network_address)


def _ip_or_empty(value: str) -> str:
    # Canonical form, so that one address spelt two ways (IPv6 zeros, upper case) counts once.
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""
