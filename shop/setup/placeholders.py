"""Demo and example values a production shop must not keep; shop_setup refuses them there."""

import re
from typing import Any

from django.conf import settings

from common.example_hosts import placeholder_email, placeholder_host
from legal.demo.processors import DEMO_NDA_REFERENCES, FICTIONAL_PROCESSOR_NAMES

__all__ = ["demo_values_refused", "placeholder_email", "placeholder_host", "processor_demo_reasons"]

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
