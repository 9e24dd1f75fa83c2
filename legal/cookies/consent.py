"""The visitor's cookie choice, kept in a signed cookie of its own.

Consent is not personal data we need to keep on the server: the browser
holds it, signed so that it cannot be forged, together with the version of
the cookie list it was given for (``cookies.consent_version()``). A choice
made for an older list, an expired one or a tampered one counts as no choice:
the banner asks again and only strictly necessary cookies are set.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .inventory import CookieCategory, consent_version, inventory, optional_categories

SIGNING_SALT = "legal.consent"
CATEGORY_SEPARATOR = "+"


@dataclass(frozen=True)
class Consent:
    """What a visitor allowed: the optional categories, for one consent version."""

    version: str
    categories: frozenset[str]

    def allows(self, category: str) -> bool:
        return category == CookieCategory.NECESSARY or category in self.categories

    @property
    def cookie_value(self) -> str:
        # "<version>.<category>+<category>": only characters a cookie carries unquoted.
        return f"{self.version}.{CATEGORY_SEPARATOR.join(sorted(self.categories))}"


def consent_read(*, request: HttpRequest) -> Consent | None:
    """The visitor's current choice, or None when they have not chosen for the current cookie list."""
    value = request.get_signed_cookie(
        settings.COOKIE_CONSENT_COOKIE_NAME,
        default=None,
        salt=SIGNING_SALT,
        max_age=settings.COOKIE_CONSENT_MAX_AGE,
    )
    if not value:
        return None
    version, _dot, categories = value.partition(".")
    if version != consent_version():
        return None
    known = set(optional_categories())
    return Consent(
        version=version, categories=frozenset(c for c in categories.split(CATEGORY_SEPARATOR) if c in known)
    )


def consent_allows(*, request: HttpRequest, category: str) -> bool:
    """Whether cookies of ``category`` may be set for this visitor (necessary ones always may)."""
    if category == CookieCategory.NECESSARY:
        return True
    consent = consent_read(request=request)
    return consent is not None and consent.allows(category)


def consent_save(*, request: HttpRequest, response: HttpResponse, categories: set[str]) -> Consent:
    """Remember the visitor's choice on ``response``, and delete the cookies it no longer allows.

    ``categories`` are the optional categories allowed; unknown ones are dropped.
    """
    known = set(optional_categories())
    consent = Consent(version=consent_version(), categories=frozenset(c for c in categories if c in known))
    response.set_signed_cookie(
        settings.COOKIE_CONSENT_COOKIE_NAME,
        consent.cookie_value,
        salt=SIGNING_SALT,
        max_age=settings.COOKIE_CONSENT_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    # Withdrawing consent stops the cookies at once, not only from the next write on.
    for cookie in inventory():
        if not consent.allows(cookie.category) and cookie.name in request.COOKIES:
            response.delete_cookie(cookie.name, samesite=settings.SESSION_COOKIE_SAMESITE)
    return consent
