"""Signing staff in for tests: the password step and the second factor, as the verification page does.

Staff pages need a second factor proved in the session (shop/apps/dashboard/two_factor), so a
test that opens them as staff signs in with ``verified_login`` instead of ``force_login``: it
gives the staff member a real, confirmed authenticator device and stores it in the session
through django-otp's own ``login``.
"""

from django.test import RequestFactory
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified_login(client, user):
    """Sign ``user`` in on the test ``client`` with a verified second factor; return the client."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test authenticator", confirmed=True
    )
    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    otp_login(request, device)
    request.session.save()
    return client
