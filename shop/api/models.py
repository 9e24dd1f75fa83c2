"""API keys members create for their own systems, and the record of each request made with one.

A key is shown once, when it is created; the shop keeps only its SHA-256 digest
(``digest``), which is enough to recognise the key and useless to anyone who
reads the database. Keys are 256 random bits, so a plain hash (no salt, no
slow hash) is safe, and a lookup is one indexed query. A revoked key stays
listed (with when it was revoked) so the member can see what it did.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("member")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. the system that uses it.")
    )
    # The key's first characters, shown to tell keys apart; not enough to use it.
    prefix = models.CharField(_("key starts with"), max_length=16)
    digest = models.CharField(_("SHA-256 digest of the key"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiAccessRecord(models.Model):
    """One request made with an API key: which key, which endpoint, when, and the answer's status."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("key"))
    endpoint = models.CharField(_("endpoint"), max_length=200)
    method = models.CharField(_("method"), max_length=10)
    status = models.PositiveSmallIntegerField(_("status"))
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("API access record")
        verbose_name_plural = _("API access records")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint} {self.status} ({self.at:%Y-%m-%d %H:%M})"
