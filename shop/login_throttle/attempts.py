"""What axes counts a sign-in attempt against, and what it keeps of one."""

from axes.models import AccessAttempt
from django.http import HttpRequest

# The field of each login form that holds the e-mail address or username: Django's and the
# admin's ("username"), Oscar's storefront login (prefixed "login-").
USERNAME_FIELDS = ("username", "login-username")
# The storefront's e-mail field accepts 320 characters; PostgreSQL would refuse more than this.
USERNAME_MAX_LENGTH = AccessAttempt._meta.get_field("username").max_length


def attempt_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account an attempt counts against: the e-mail address or username typed, case-folded.

    Oscar finds accounts by e-mail without regard to case, so "Hanako@Example.jp"
    and "hanako@example.jp" must be one count, or changing the case of one
    letter would give an attacker a fresh set of tries. Cut to what the
    attempt's column holds.
    """
    typed = (credentials or {}).get("username")
    if typed is None:
        typed = next((request.POST[field] for field in USERNAME_FIELDS if field in request.POST), "")
    return str(typed).strip().casefold()[:USERNAME_MAX_LENGTH]


def attempt_form_data_drop(sender, instance, **kwargs) -> None:
    """Keep no form data with an attempt (axes' ``pre_save`` receiver for AccessAttempt).

    Axes stores the GET and POST data of each failed attempt, masking only
    fields named "password": Oscar's storefront form posts "login-password", so
    customers' mistyped passwords would be kept in clear text. Which account,
    from where and when is all the lockout needs.
    """
    instance.get_data = ""
    instance.post_data = ""
