"""API keys: create (shown once), revoke, recognise; and the record of every request made with one."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiAccessRecord, ApiKey

# "om_" tells a leaked key apart as ours (secret scanners look for such prefixes); 32 random bytes follow.
KEY_PREFIX = "om_"
SHOWN_PREFIX_LENGTH = 10


class ApiKeyRefused(Exception):
    """A key cannot be created or revoked as asked; the message says why, for the member."""


@dataclass(frozen=True)
class NewApiKey:
    key: ApiKey
    secret: str  # the whole key: shown to the member once, never stored


def api_key_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_key_create(*, user, name: str) -> NewApiKey:
    """A new key for ``user``; the returned secret is the only copy (the shop keeps its digest)."""
    # Locks the member's row so two requests at once cannot pass the limit together.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    active = ApiKey.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= settings.API_KEYS_PER_MEMBER:
        raise ApiKeyRefused(
            _("You already have %(count)s active API keys, the most a member can have. Revoke one first.")
            % {"count": active}
        )
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        user=user, name=name.strip(), prefix=secret[:SHOWN_PREFIX_LENGTH], digest=api_key_digest(secret)
    )
    return NewApiKey(key=key, secret=secret)


@transaction.atomic
def api_key_revoke(*, user, key_id: int) -> ApiKey:
    """Revoke the member's key ``key_id`` at once (the next request with it is refused)."""
    key = ApiKey.objects.select_for_update().filter(user=user, pk=key_id).first()
    if key is None:
        raise ApiKeyRefused(_("There is no such API key on your account."))
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def api_key_recognise(secret: str) -> ApiKey | None:
    """The active key whose secret this is, with its member (None for an unknown or revoked key)."""
    if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
        return None
    return (
        ApiKey.objects.select_related("user")
        .filter(digest=api_key_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def api_access_record(*, key: ApiKey, endpoint: str, method: str, status: int) -> None:
    """Record one request made with ``key`` (kept for the "api_access" period) and mark the key as used."""
    now = timezone.now()
    ApiAccessRecord.objects.create(
        key=key, endpoint=endpoint[:200], method=method[:10], status=status, at=now
    )
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
