"""Demo and example values a production shop must not keep; shop_setup refuses them there."""

import ipaddress
import re
from typing import Any

from django.conf import settings

from legal.demo.processors import DEMO_NDA_REFERENCES, FICTIONAL_PROCESSOR_NAMES

# Names kept for examples and for one's own machine, never a shop's: RFC 2606 and RFC 6761
# (example.com/.net/.org, .example, .test, .invalid, .localhost), mDNS's .local, and the
# example names JPRS reserves (example.jp, example.co.jp, example.ne.jp, …).
RESERVED_TOP_LEVEL = {"example", "test", "invalid", "localhost", "local"}
EXAMPLE_DOMAINS = {
    "example.com",
    "example.net",
    "example.org",
    "example.jp",
    *(f"example.{second}.jp" for second in ("co", "ne", "or", "ac", "ad", "ed", "go", "gr", "lg")),
}
# How the demo (legal/demo/processors.py) and deploy/shop.example.toml start their NDA
# references: a signed contract has a reference of its own.
PLACEHOLDER_REFERENCE_PREFIXES = ("DEMO-", "EXAMPLE-")
EMAIL_HOST = re.compile(r"[\w.+-]+@([\w.-]+)")
URL_HOST = re.compile(r"https?://([^/\s:?#]+)", re.IGNORECASE)


def demo_values_refused() -> bool:
    """Whether these are production settings, where demo and example values are refused.

    Debug mode is a developer's machine; staging is a rehearsal of production that may keep
    the demo company and processors. Everything else (production.py) is the real shop.
    """
    return not settings.DEBUG and not getattr(settings, "STAGING", False)


def placeholder_host(host: str) -> bool:
    """Whether ``host`` (a domain, maybe with a port) is an example name, this machine or a bare address."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 address with a port: [::1]:8000
        host = host[1 : host.find("]")]
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    host = host.rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return True  # e-mail links and certificate QR codes need the shop's name, not an address
    if "." not in host or host.rpartition(".")[2] in RESERVED_TOP_LEVEL:
        return True
    return any(host == domain or host.endswith(f".{domain}") for domain in EXAMPLE_DOMAINS)


def placeholder_email(email: str) -> bool:
    return placeholder_host(email.rpartition("@")[2])


def processor_demo_reasons(fields: dict[str, Any]) -> list[str]:
    """Why a processor's details are the demo's or the example file's; empty when they are not."""
    reasons = []
    if fields["name"] in FICTIONAL_PROCESSOR_NAMES:
        reasons.append(f"{fields['name']!r} is the demo's invented processor")
    reference = fields["nda_reference"]
    if reference in DEMO_NDA_REFERENCES or reference.upper().startswith(PLACEHOLDER_REFERENCE_PREFIXES):
        reasons.append(
            f"NDA reference {reference!r} is a demo or example one: give the reference of the signed contract"
        )
    hosts = EMAIL_HOST.findall(fields["contact"]) + URL_HOST.findall(fields["contact"])
    if any(placeholder_host(host) for host in hosts):
        reasons.append(f"contact {fields['contact']!r} is on an example domain")
    return reasons
