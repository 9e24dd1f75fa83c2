"""The gate: staff reach no dashboard, admin or other staff page without a second factor in this session.

Keyed on the URL namespaces rather than on each view, so every page mounted under the
dashboard or the admin (a new dashboard section included) is behind it from the start.
Customers and visitors pass untouched: the check runs only for staff accounts on staff
pages, and never asks anything of anyone else.
"""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from legal.staff.two_factor import second_factor_verified, two_factor_required

STAFF_NAMESPACES = {"dashboard", "admin"}
# Staff pages outside those namespaces: identity documents and disclosed copies, draft legal
# texts, and any customer's certificate PDF (what staff open there is as private as the dashboard).
STAFF_VIEWS = {
    "privacy_requests:identity-file",
    "privacy_requests:disclosure-file",
    "legal:preview",
    "offsets:certificate-pdf",
}
# Signing in and out, and the two-factor pages themselves.
OPEN_VIEWS = {
    "dashboard:login",
    "dashboard:logout",
    "admin:login",
    "admin:logout",
    "dashboard:two-factor-verify",
    "dashboard:two-factor-enrol",
}


def is_staff_page(view_name: str, namespaces: list[str]) -> bool:
    """Whether the page named ``view_name`` needs a verified second factor from staff."""
    if view_name in OPEN_VIEWS:
        return False
    return bool(STAFF_NAMESPACES.intersection(namespaces)) or view_name in STAFF_VIEWS


class StaffTwoFactorMiddleware:
    """Sends a staff account without a second factor in this session to the verification page.

    Needs django-otp's ``OTPMiddleware`` before it (``request.user.is_verified()``); the
    verification page sends a staff member without any factor on to enrolment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not is_staff_page(match.view_name, match.namespaces):
            return None
        user = request.user
        if not two_factor_required(user=user) or second_factor_verified(user=user):
            return None
        return redirect_to_login(request.get_full_path(), reverse("dashboard:two-factor-verify"))
