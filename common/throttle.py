"""Hourly limits on attempts (declined cards, public form submissions), counted in the shared cache.

The counts live in Django's cache, so every web process counts together once
the cache is shared (Redis); the policy numbers are settings, not code.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache

WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class HourlyLimit:
    """At most ``allowed`` attempts an hour for what ``key`` names (e.g. ``checkout-declines:ip:…``)."""

    key: str
    allowed: int


def throttle_exceeded(*, limits: Iterable[HourlyLimit]) -> bool:
    """True once any of ``limits`` has used up its attempts for the hour."""
    return any((cache.get(limit.key) or 0) >= limit.allowed for limit in limits)


def throttle_count(*, limits: Iterable[HourlyLimit]) -> None:
    """Count one attempt against each of ``limits``; a count lapses an hour after its first attempt."""
    for limit in limits:
        cache.add(limit.key, 0, timeout=WINDOW_SECONDS)
        cache.incr(limit.key)
