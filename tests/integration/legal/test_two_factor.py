"""Staff two-factor sign-in behind the pages: who needs it, reset, demo codes, the register."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from legal.privacy.export import personal_data_export
from legal.privacy.services import member_withdraw
from legal.staff import two_factor
from legal.staff.groups import GROUP_PERMISSIONS, OPERATIONS_STAFF_GROUP

pytestmark = pytest.mark.django_db


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.authenticator_start(user=user)
    codes = two_factor.authenticator_confirm(device=device, code=f"{totp(device.bin_key):06d}")
    return device, codes


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "aoi", "aoi@offsetmart.example", "pw-123456789", is_staff=True
    )


@pytest.fixture
def demo_staff(django_user_model):
    return django_user_model.objects.create_superuser("staff", settings.DEMO_STAFF_EMAIL, "pw-123456789")


# --- Who needs it ------------------------------------------------------------------------


@pytest.mark.parametrize("group", sorted(GROUP_PERMISSIONS))
def test_a_member_of_any_staff_group_needs_a_second_factor(django_user_model, group):
    user = django_user_model.objects.create_user("m", "m@offsetmart.example", "pw-123456789")
    user.groups.add(Group.objects.get(name=group))

    assert two_factor.two_factor_required(user=user)


def test_customers_never_need_one(django_user_model):
    customer = django_user_model.objects.create_user("taro", "taro@example.jp", "pw-123456789")
    customer.groups.add(Group.objects.create(name="Newsletter readers"))

    assert not two_factor.two_factor_required(user=customer)


# --- Enrolment ---------------------------------------------------------------------------


def test_confirming_an_app_issues_single_use_recovery_codes(staff):
    device, codes = enrolled(staff)

    device.refresh_from_db()
    assert device.confirmed
    assert len(set(codes)) == two_factor.RECOVERY_CODE_COUNT
    assert two_factor.second_factor_check(user=staff, code=codes[3]) is not None
    assert two_factor.second_factor_check(user=staff, code=codes[3]) is None
    assert two_factor.recovery_codes_left(user=staff) == two_factor.RECOVERY_CODE_COUNT - 1


def test_a_wrong_code_confirms_nothing(staff):
    device = two_factor.authenticator_start(user=staff)

    assert two_factor.authenticator_confirm(device=device, code="000000") is None
    assert not TOTPDevice.objects.filter(confirmed=True).exists() and not StaticDevice.objects.exists()


def test_the_setup_address_names_the_shop_and_the_staff_member(staff):
    device = two_factor.authenticator_start(user=staff)

    url = two_factor.authenticator_setup_url(device=device)

    assert url.startswith("otpauth://totp/Offset%20Mart%3Aaoi%40offsetmart.example?secret=")
    assert "issuer=Offset%20Mart" in url
    assert two_factor.authenticator_secret(device=device).replace(" ", "") in url


# --- Reset -------------------------------------------------------------------------------


def test_the_reset_command_removes_the_staff_members_devices(staff, capsys):
    enrolled(staff)

    call_command("staff_2fa_reset", "AOI@offsetmart.example")

    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticToken.objects.filter(device__user=staff).exists()
    assert "Removed 2 two-factor device(s) of aoi@offsetmart.example" in capsys.readouterr().out
    assert not two_factor.second_factor_usable(user=staff)  # so they enrol again


@pytest.mark.parametrize(
    ("email", "message"),
    [("nobody@offsetmart.example", "No account"), ("taro@example.jp", "not a staff account")],
)
def test_the_reset_command_refuses_clearly(django_user_model, email, message):
    django_user_model.objects.create_user("taro", "taro@example.jp", "pw-123456789")

    with pytest.raises(CommandError, match=message):
        call_command("staff_2fa_reset", email)


# --- The demo staff member -------------------------------------------------------------


def test_demo_data_gives_the_demo_staff_member_codes_that_sign_in_once(settings, capsys):
    settings.DEMO_STAFF_RECOVERY_CODES = True
    call_command("load_demo_data")
    capsys.readouterr()

    call_command("demo_staff_codes")
    codes = capsys.readouterr().out.split()

    staff = StaticDevice.objects.get(name=two_factor.DEMO_DEVICE_NAME).user
    assert staff.email == settings.DEMO_STAFF_EMAIL and len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert two_factor.second_factor_check(user=staff, code=codes[0]) is not None
    assert two_factor.second_factor_check(user=staff, code=codes[0]) is None


def test_the_demo_codes_come_back_when_all_are_used(settings, demo_staff):
    settings.DEMO_STAFF_RECOVERY_CODES = True
    for code in two_factor.demo_recovery_codes(user=demo_staff):
        assert two_factor.second_factor_check(user=demo_staff, code=code) is not None

    assert len(two_factor.demo_recovery_codes(user=demo_staff)) == two_factor.RECOVERY_CODE_COUNT


def test_without_demo_codes_none_is_issued(settings, demo_staff):
    settings.DEMO_STAFF_RECOVERY_CODES = False

    call_command("load_demo_data")
    with pytest.raises(CommandError, match="DEMO_STAFF_RECOVERY_CODES"):
        call_command("demo_staff_codes")

    assert not StaticDevice.objects.exists()


def test_a_demo_code_left_in_the_database_is_refused_where_demo_codes_are_off(settings, demo_staff):
    settings.DEMO_STAFF_RECOVERY_CODES = True
    codes = two_factor.demo_recovery_codes(user=demo_staff)
    settings.DEMO_STAFF_RECOVERY_CODES = False

    assert two_factor.second_factor_check(user=demo_staff, code=codes[0]) is None
    assert not two_factor.second_factor_usable(user=demo_staff)  # the staff member enrols a real app
    device = StaticDevice.objects.get(name=two_factor.DEMO_DEVICE_NAME)
    assert not two_factor.device_accepted(device=device)  # nor does a session it verified count


# --- The personal-data register --------------------------------------------------------


def test_the_export_says_a_device_exists_but_never_its_secret_or_codes(staff):
    device, codes = enrolled(staff)

    export = personal_data_export(user=staff)

    tables = export["sections"]["staff_activity"]["tables"]
    assert tables["authenticator_apps"]["rows"] and tables["recovery_code_sets"]["rows"]
    text = str(export)
    assert device.key not in text and two_factor.authenticator_secret(device=device) not in text
    assert not any(code in text for code in codes)


def test_closing_the_account_deletes_its_devices(django_user_model):
    # A group member without staff status may close their own account; an administrator closes the others.
    user = django_user_model.objects.create_user("kei", "kei@offsetmart.example", "pw-123456789")
    user.groups.add(Group.objects.get(name=OPERATIONS_STAFF_GROUP))
    enrolled(user)

    counts = member_withdraw(user=user, notify=False)

    assert counts["authenticator_apps"] == 1 and counts["recovery_code_sets"] == 1
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert not StaticToken.objects.exists()
