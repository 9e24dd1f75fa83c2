"""Every cookie the shop (and the payment processor's script) sets: one inventory.

The cookie policy's table is generated from this list, so the policy cannot
drift from what the code does. Add a cookie here when code starts setting one.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Cookie:
    name: str
    set_by: Promise
    purpose: Promise
    lifetime: Promise
    necessary: bool = True


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
            "messages",
            gettext_lazy("this shop"),
            gettext_lazy("Carries a one-time message (e.g. 'added to basket') to the next page."),
            gettext_lazy("until the message is shown"),
        ),
    ]


def cookie_table_markdown() -> str:
    """The inventory as a Markdown table in the active language."""
    header = [_("Cookie"), _("Set by"), _("Purpose"), _("Kept for"), _("Kind")]
    rows = [table_row(header), table_row(["---"] * len(header))]
    for cookie in inventory():
        kind = _("Strictly necessary") if cookie.necessary else _("Only with your consent")
        rows.append(table_row([f"`{cookie.name}`", cookie.set_by, cookie.purpose, cookie.lifetime, kind]))
    return "\n".join(rows)


def table_row(cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"
