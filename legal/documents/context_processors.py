"""What every page's footer and banners need from the legal app."""

from django.utils.functional import SimpleLazyObject

from legal.cookies import consent

from . import selectors
from .models import DocumentKind
from .rendering import company_value

COMPANY_FIELDS = ("name", "address", "representative", "phone", "email", "invoice_registration_number")


def legal(request):
    """Footer links, company details, change notices and the cookie choice for every page.

    The notices query runs only if a template reads it, and only for members.
    """
    user = getattr(request, "user", None)

    def unseen_notices():
        if user is None or not user.is_authenticated:
            return []
        return list(selectors.notices_unseen(user=user))

    cookie_consent = consent.consent_read(request=request)
    return {
        "legal_kinds": DocumentKind,
        # None until the visitor chooses (or when the cookie list changed since).
        "cookie_consent": cookie_consent,
        "cookie_banner_shown": cookie_consent is None,
        "company": SimpleLazyObject(lambda: {field: company_value(field) for field in COMPANY_FIELDS}),
        "legal_notices": SimpleLazyObject(unseen_notices),
    }
