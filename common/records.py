"""Append-only records: written once, never changed or deleted in place.

Provision records, the staff access log, incident and privacy-request
timelines, published legal versions and allocations of sold serials are
evidence: the law or the no-refund rule needs them exactly as written. A model
becomes append-only by inheriting ``AppendOnlyModel``; its manager then refuses
``update()`` and ``delete()`` too (``bulk_update`` goes through ``update()``),
so no code path can quietly rewrite history. The one way such rows ever go is
``retention_delete`` (a retention period has run out).
"""

from __future__ import annotations

from django.db import models


class AppendOnlyRecordLocked(Exception):
    """An append-only record was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        self._refuse_if_locked()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_locked()
        return super().delete()

    def _refuse_if_locked(self) -> None:
        locked_when = self.model.locked_when
        if locked_when is None or self.filter(locked_when).exists():
            raise self.model.locked_error(self.model.locked_message)

    def retention_delete(self, **older_than) -> int:
        """Delete the rows matching ``older_than`` (past their retention period); return how many went."""
        deleted, _per_model = models.QuerySet.delete(self.filter(**older_than))
        return deleted


class AppendOnlyModel(models.Model):
    """A record that may be added and never changed or deleted (see the module docstring).

    Subclasses name the exception raised (``locked_error``) and a sentence for
    it (``locked_message``). ``locked_when`` is a condition for records that
    are drafts first (a legal version locks once published); ``None`` locks
    every saved row.
    """

    locked_error: type[Exception] = AppendOnlyRecordLocked
    locked_message = "These records are append-only."
    locked_when: models.Q | None = None

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)

    def _refuse_if_locked(self) -> None:
        if not self.pk:
            return  # not saved yet: adding is what append-only records are for
        if self.locked_when is None or type(self)._base_manager.filter(self.locked_when, pk=self.pk).exists():
            raise self.locked_error(self.locked_message)
