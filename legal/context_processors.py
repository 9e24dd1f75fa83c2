from django.utils.functional import SimpleLazyObject

from . import selectors
from .models import DocumentKind
from .rendering import company_value

COMPANY_FIELDS = ("name", "address", "representative", "phone", "email", "invoice_registration_number")


def legal(request):
    """Footer links, company details and change notices for every page.

    The notices query runs only if a template reads it, and only for members.
    """
    user = getattr(request, "user", None)

    def unseen_notices():
        if user is None or not user.is_authenticated:
            return []
        return list(selectors.notices_unseen(user=user))

    return {
        "legal_kinds": DocumentKind,
        "company": SimpleLazyObject(lambda: {field: company_value(field) for field in COMPANY_FIELDS}),
        "legal_notices": SimpleLazyObject(unseen_notices),
    }
