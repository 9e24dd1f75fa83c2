"""The admin's two-factor device pages: no secrets shown, and the reset for a lost phone."""

import pytest
from django.contrib.auth.models import Permission
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from legal.staff import two_factor
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db

AUTHENTICATORS = "/en/admin/otp_totp/totpdevice/"


@pytest.fixture
def lost_phone(django_user_model):
    """A staff member who enrolled, then lost the phone and the recovery codes."""
    user = django_user_model.objects.create_user(
        "aoi", "aoi@offsetmart.example", "pw-123456789", is_staff=True
    )
    device = two_factor.authenticator_start(user=user)
    two_factor.authenticator_confirm(device=device, code=f"{totp(device.bin_key):06d}")
    device.refresh_from_db()
    return device


def test_an_administrator_resets_a_staff_members_second_factor(client, django_user_model, lost_phone):
    verified_login(
        client, django_user_model.objects.create_superuser("root", "root@offsetmart.example", "pw")
    )

    page = client.get(AUTHENTICATORS).content.decode()
    response = client.post(
        AUTHENTICATORS, {"action": "two_factor_reset", "_selected_action": [lost_phone.pk]}, follow=True
    )

    assert "aoi@offsetmart.example" in page and lost_phone.key not in page
    assert "Two-factor sign-in reset for 1 staff member" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=lost_phone.user).exists()
    assert not StaticDevice.objects.filter(user=lost_phone.user).exists()


def test_the_admin_shows_no_secret_and_adds_no_device(client, django_user_model, lost_phone):
    verified_login(
        client, django_user_model.objects.create_superuser("root", "root@offsetmart.example", "pw")
    )
    codes = StaticDevice.objects.get(user=lost_phone.user)

    change = client.get(f"{AUTHENTICATORS}{lost_phone.pk}/change/").content.decode()
    recovery = client.get(f"/en/admin/otp_static/staticdevice/{codes.pk}/change/").content.decode()

    assert lost_phone.key not in change and two_factor.authenticator_secret(device=lost_phone) not in change
    assert not any(token in recovery for token in codes.token_set.values_list("token", flat=True))
    assert client.get(f"{AUTHENTICATORS}add/").status_code == 403


def test_staff_who_may_only_look_cannot_reset(client, django_user_model, lost_phone):
    viewer = django_user_model.objects.create_user("kei", "kei@offsetmart.example", "pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_totpdevice"))
    verified_login(client, viewer)

    page = client.get(AUTHENTICATORS).content.decode()
    client.post(AUTHENTICATORS, {"action": "two_factor_reset", "_selected_action": [lost_phone.pk]})

    assert "two_factor_reset" not in page
    assert TOTPDevice.objects.filter(pk=lost_phone.pk).exists()
