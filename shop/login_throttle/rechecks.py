"""The password asked again of someone already signed in, counted as a sign-in attempt.

Changing the password and closing the account ask for the current password. Checked with
``user.check_password`` (as Oscar and Django do), those boxes would let whoever holds a
signed-in session (a shared computer, a stolen cookie) guess the password without limit.
Checked through ``authenticate`` instead, every wrong guess counts towards the same lockout as
the login pages (per account and per IP address); once locked, even the right password is
refused, the session is signed out, and the lockout page answers (axes' middleware).
"""

from django.contrib.auth import authenticate, logout
from django.http import HttpRequest


def password_recheck(request: HttpRequest, password: str) -> bool:
    """Whether ``password`` is the signed-in person's own; a wrong one counts as a failed sign-in."""
    user = request.user
    # Oscar's e-mail backend signs members in by e-mail; staff without one by username.
    authenticated = authenticate(request, username=user.email or user.get_username(), password=password)
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return False
    return authenticated is not None and authenticated.pk == user.pk
