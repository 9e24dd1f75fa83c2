"""Every cookie the shop (and the payment processor's script) sets: one inventory.

The cookie policy's table is generated from this list, so the policy cannot
drift from what the code does. Add a cookie here when code starts setting one
(a test walks the storefront and fails on any cookie missing from this list).

Only strictly necessary cookies are set without the visitor's consent; every
other cookie belongs to a category the visitor can allow or refuse
(``legal.cookies.consent``).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.markdown import table_row

# Bump when an optional cookie's purpose changes in a way visitors must be
# asked about again; adding, removing or recategorising an optional cookie
# changes the consent version by itself (see consent_version()).
CONSENT_REVISION = 1


class CookieCategory(models.TextChoices):
    NECESSARY = "necessary", gettext_lazy("Strictly necessary")
    PREFERENCES = "preferences", gettext_lazy("Preferences (functional)")


@dataclass(frozen=True)
class Cookie:
    name: str
    set_by: Promise
    purpose: Promise
    lifetime: Promise
    category: CookieCategory = CookieCategory.NECESSARY

    @property
    def necessary(self) -> bool:
        return self.category == CookieCategory.NECESSARY


def inventory() -> list[Cookie]:
    return [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            gettext_lazy("this shop"),
            gettext_lazy("Keeps you signed in and remembers your session."),
            gettext_lazy("2 weeks"),
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            gettext_lazy("this shop"),
            gettext_lazy("Protects forms against cross-site request forgery."),
            gettext_lazy("1 year"),
        ),
        Cookie(
            settings.OSCAR_BASKET_COOKIE_OPEN,
            gettext_lazy("this shop"),
            gettext_lazy("Remembers the basket of a visitor who is not signed in."),
            gettext_lazy("7 days"),
        ),
        Cookie(
            settings.COOKIE_CONSENT_COOKIE_NAME,
            gettext_lazy("this shop"),
            gettext_lazy("Remembers which cookies you allowed, so we do not ask on every page."),
            gettext_lazy("6 months"),
        ),
        Cookie(
            "messages",
            gettext_lazy("this shop"),
            gettext_lazy("Carries a one-time message (e.g. 'added to basket') to the next page."),
            gettext_lazy("until the message is shown"),
        ),
        Cookie(
            "__stripe_mid",
            gettext_lazy("Stripe (payment page only)"),
            gettext_lazy("Fraud prevention by the payment processor."),
            gettext_lazy("1 year"),
        ),
        Cookie(
            "__stripe_sid",
            gettext_lazy("Stripe (payment page only)"),
            gettext_lazy("Fraud prevention by the payment processor."),
            gettext_lazy("30 minutes"),
        ),
        Cookie(
            settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,
            gettext_lazy("this shop"),
            gettext_lazy("Shows the products you looked at recently on product pages."),
            gettext_lazy("7 days"),
            CookieCategory.PREFERENCES,
        ),
    ]


def inventory_by_name() -> dict[str, Cookie]:
    return {cookie.name: cookie for cookie in inventory()}


def optional_categories() -> list[CookieCategory]:
    """The categories a visitor can allow or refuse: those of the cookies we actually use."""
    used = {cookie.category for cookie in inventory()}
    return [
        category for category in CookieCategory if category in used and category != CookieCategory.NECESSARY
    ]


def consent_version() -> str:
    """A short fingerprint of what a visitor consents to.

    It changes when an optional cookie is added, removed or moved to another
    category (or CONSENT_REVISION is bumped), so a stored consent given for
    an older list no longer counts and the banner asks again.
    """
    optional = sorted(f"{cookie.name}={cookie.category}" for cookie in inventory() if not cookie.necessary)
    text = "\n".join([f"revision={CONSENT_REVISION}", *optional])
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def cookie_table_markdown() -> str:
    """The inventory as a Markdown table in the active language."""
    header = [_("Cookie"), _("Set by"), _("Purpose"), _("Kept for"), _("Category"), _("Needs your consent")]
    rows = [table_row(header), table_row(["---"] * len(header))]
    for cookie in inventory():
        needs_consent = _("No") if cookie.necessary else _("Yes")
        cells = [f"`{cookie.name}`", cookie.set_by, cookie.purpose, cookie.lifetime, cookie.category.label]
        rows.append(table_row([*cells, needs_consent]))
    return "\n".join(rows)
