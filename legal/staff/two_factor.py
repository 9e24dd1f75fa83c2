"""Two-factor sign-in for staff accounts: who needs it, enrolment, codes, recovery and reset.

Every staff account (``is_staff``, superusers, and members of the staff groups in
``groups.GROUP_PERMISSIONS``) proves a second factor before the dashboard, the admin
and the other staff pages open (the gate is ``shop/apps/dashboard/two_factor``). The
factor is a TOTP authenticator app (django-otp's ``TOTPDevice``), backed by single-use
recovery codes (its ``StaticDevice``). A session counts as verified once
``django_otp.login`` has stored the device that accepted a code in it.

The demo staff member of ``make run`` gets recovery codes of a device named
``DEMO_DEVICE_NAME``; they are issued and accepted only while
``settings.DEMO_STAFF_RECOVERY_CODES`` is on, which production settings force off.
"""

from __future__ import annotations

import datetime
import re
from base64 import b32encode
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .groups import GROUP_PERMISSIONS

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
DEMO_DEVICE_NAME = "Demo recovery codes"

AUTHENTICATOR, RECOVERY = "authenticator", "recovery"  # the two kinds of code
TOTP_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")  # StaticToken.random_token(): 5 random bytes in base32


class TooManyWrongCodes(Exception):
    """Wrong codes came too fast: no code is checked before ``wait_until``."""

    def __init__(self, wait_until: datetime.datetime):
        super().__init__(f"Too many wrong codes; try again after {wait_until:%H:%M:%S}.")
        self.wait_until = wait_until


# --- Who needs it -------------------------------------------------------------


def two_factor_required(*, user) -> bool:
    """Whether ``user`` is a staff account: staff status, superuser, or in any staff group."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=GROUP_PERMISSIONS).exists()


def device_accepted(*, device: Device | None) -> bool:
    """Whether a session verified by ``device`` counts: a demo device counts only where demo codes are on."""
    if device is None:
        return False
    return settings.DEMO_STAFF_RECOVERY_CODES or not _is_demo(device)


def second_factor_verified(*, user) -> bool:
    """Whether this request's user proved a second factor in this session (needs django-otp's middleware)."""
    return bool(user.is_authenticated and user.is_verified() and device_accepted(device=user.otp_device))


# --- Devices ------------------------------------------------------------------


def authenticator_of(*, user) -> TOTPDevice | None:
    """The staff member's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(*, user) -> int:
    """How many unused recovery codes the staff member has (demo codes count only where they are on)."""
    tokens = StaticToken.objects.filter(device__user=user, device__confirmed=True)
    if not settings.DEMO_STAFF_RECOVERY_CODES:
        tokens = tokens.exclude(device__name=DEMO_DEVICE_NAME)
    return tokens.count()


def second_factor_usable(*, user) -> bool:
    """Whether the staff member can prove a second factor now: an authenticator app or a recovery code left.

    Without one they enrol; with one, enrolling again (a new phone) needs a verified session first.
    """
    return authenticator_of(user=user) is not None or recovery_codes_left(user=user) > 0


def authenticator_start(*, user) -> TOTPDevice:
    """The authenticator being set up: an unconfirmed TOTP device, the same one until it is confirmed.

    Keeping it means a reloaded enrolment page shows the secret already scanned.
    """
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return pending or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def authenticator_secret(*, device: TOTPDevice) -> str:
    """The secret in the form authenticator apps accept when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def authenticator_setup_url(*, device: TOTPDevice) -> str:
    """The ``otpauth://`` address the enrolment QR code holds, labelled with the shop and the e-mail."""
    issuer = str(settings.OTP_TOTP_ISSUER).replace(":", "")
    label = quote(f"{issuer}:{device.user.email or device.user.get_username()}")
    query = urlencode(
        {
            "secret": b32encode(device.bin_key).decode(),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


@transaction.atomic
def authenticator_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator being set up with one code from it; None if the code is wrong.

    The new app replaces any earlier one, and a fresh set of recovery codes replaces the
    old; the new codes are returned, to be shown once.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    _check_not_throttled(device)
    if code_kind(code) != AUTHENTICATOR or not device.verify_token(code_normalise(code)):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_issue(user=device.user)


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """A new set of single-use recovery codes for ``user``, replacing every earlier set; returned once."""
    StaticDevice.objects.filter(user=user).delete()
    return _code_set_create(user=user, name=RECOVERY_DEVICE_NAME)


# --- Proving the second factor ----------------------------------------------------


def code_normalise(code: str) -> str:
    """A code as typed (spaces, hyphens, capitals) in the form it is stored and checked in."""
    return re.sub(r"[\s-]", "", code).lower()


def code_kind(code: str) -> str | None:
    """``AUTHENTICATOR`` for six digits, ``RECOVERY`` for a recovery code's eight characters, else None."""
    code = code_normalise(code)
    if TOTP_CODE.fullmatch(code):
        return AUTHENTICATOR
    if RECOVERY_CODE.fullmatch(code):
        return RECOVERY
    return None


@transaction.atomic
def second_factor_check(*, user, code: str) -> Device | None:
    """The device that accepts ``code`` for ``user`` (a recovery code is used up), or None.

    Six digits are checked against the authenticator app, anything else against the
    recovery codes. Raises ``TooManyWrongCodes`` while django-otp's throttle holds the
    device back after wrong codes.
    """
    kind, code = code_kind(code), code_normalise(code)
    if kind == AUTHENTICATOR:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    elif kind == RECOVERY:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
        if not settings.DEMO_STAFF_RECOVERY_CODES:
            devices = devices.exclude(name=DEMO_DEVICE_NAME)
    else:
        return None
    for device in devices.select_for_update().order_by("pk"):
        _check_not_throttled(device)
        if device.verify_token(code):
            return device
    return None


def is_recovery_code_device(device: Device | None) -> bool:
    """Whether ``device`` is a set of recovery codes (as opposed to an authenticator app)."""
    return isinstance(device, StaticDevice)


# --- Losing the device ------------------------------------------------------------


@transaction.atomic
def two_factor_reset(*, user) -> int:
    """Remove every second factor of ``user`` (a lost phone and no codes left); return how many went.

    Sessions verified by them stop counting at their next request, and the staff member
    enrols again after signing in with their password.
    """
    devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    removed = sum(queryset.count() for queryset in devices)
    for queryset in devices:
        queryset.delete()  # a set of recovery codes takes its codes with it
    return removed


# --- The demo staff member ----------------------------------------------------------


class DemoCodesOff(Exception):
    """Demo recovery codes are switched off here (``DEMO_STAFF_RECOVERY_CODES``, always in production)."""


def demo_recovery_codes(*, user) -> list[str]:
    """The demo staff member's unused demo recovery codes, a new set when none are left.

    Only where ``settings.DEMO_STAFF_RECOVERY_CODES`` is on (``make run``); raises
    ``DemoCodesOff`` elsewhere, so production never issues one.
    """
    if not settings.DEMO_STAFF_RECOVERY_CODES:
        raise DemoCodesOff("Demo recovery codes are off (DEMO_STAFF_RECOVERY_CODES).")
    codes = list(
        StaticToken.objects.filter(device__user=user, device__name=DEMO_DEVICE_NAME)
        .order_by("pk")
        .values_list("token", flat=True)
    )
    if codes:
        return codes
    # A set of the demo's own: an authenticator app or recovery codes the demo user set up stay.
    with transaction.atomic():
        StaticDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).delete()
        return _code_set_create(user=user, name=DEMO_DEVICE_NAME)


def _code_set_create(*, user, name: str) -> list[str]:
    device = StaticDevice.objects.create(user=user, name=name, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _is_demo(device: Device) -> bool:
    return isinstance(device, StaticDevice) and device.name == DEMO_DEVICE_NAME


def _check_not_throttled(device: Device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        raise TooManyWrongCodes((details or {}).get("locked_until") or timezone.now())
