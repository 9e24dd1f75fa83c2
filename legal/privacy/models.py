"""Tombstones of withdrawals: a restored backup must not bring a withdrawn member back.

A tombstone holds no personal data: a keyed hash of the account (its id and
the moment it was created) and when the member left. After a database backup
is restored, ``personal_data_purge`` finds restored accounts whose hash
matches a tombstone and withdraws them again. A copy of each tombstone is
also kept in file storage (legal/privacy/tombstones.py), which a database
restore does not roll back.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WithdrawalRecord(models.Model):
    subject_hash = models.CharField(_("account hash"), max_length=64, unique=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("withdrawal record")
        verbose_name_plural = _("withdrawal records")
        ordering = ["-withdrawn_at"]

    def __str__(self) -> str:
        return f"{self.withdrawn_at:%Y-%m-%d %H:%M} {self.subject_hash[:12]}…"
