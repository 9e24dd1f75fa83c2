"""One entry of the personal-data register (``Holding``): a kind of record and what happens to it.

An entry says

- how to reach one person's rows: ``user_paths`` (lookups compared with the
  member's id) and ``email_paths`` (lookups compared, case-insensitively,
  with an e-mail address);
- which fields the person gets in their export (``export_fields``), under
  which section of it;
- what withdrawal does (``on_withdrawal``):
  DELETE the rows at once; RETAIN them because the law needs them (detached
  from the account, the member's e-mail copied in so the record still says
  whose it is) and anonymise or delete them when their retention ends; or
  DETACH, for records that are about something else and only name the person
  as the staff member who acted: the link is cleared, the record stays;
- its retention category (``settings.PERSONAL_DATA_RETENTION_DAYS``), the
  date it counts from (``retained_from``), which rows it applies to, and
  what happens then (``at_retention_end``, ``anonymised``, ``files``).

The entries themselves are in ``holdings`` (``HOLDINGS``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.text import capfirst


class OnWithdrawal(enum.StrEnum):
    """What a member's withdrawal does to the rows of an entry."""

    DELETE = "delete"
    RETAIN = "retain"
    DETACH = "detach"


class AtRetentionEnd(enum.StrEnum):
    """What happens to a row when its retention period ends."""

    DELETE = "delete"
    ANONYMISE = "anonymise"
    NOTHING = "nothing"  # nothing personal is left once the record it belongs to is anonymised


@dataclass(frozen=True, eq=False)
class Holding:
    """One kind of record that holds personal data, and what happens to it (see the module's docstring)."""

    model: str  # "app_label.ModelName"
    key: str  # unique name of this entry (the table's name in the export)
    section: str  # key of holdings.SECTIONS
    title: Any  # lazy translated title of the table
    on_withdrawal: OnWithdrawal
    retention: str  # key of settings.PERSONAL_DATA_RETENTION_DAYS
    retained_from: str  # date field (a lookup path) the retention counts from; "" where it has no days
    reason: str  # why the entry is as it is
    user_paths: tuple[str, ...] = ()
    email_paths: tuple[str, ...] = ()
    # Lookup paths, or (path, label) where the field's own name says too little.
    export_fields: tuple[str | tuple[str, Any], ...] = ()
    keep_email_in: str = ""  # RETAIN: the field that keeps the member's e-mail once detached
    at_retention_end: AtRetentionEnd = AtRetentionEnd.DELETE
    retention_applies_to: Q | None = None  # None: every row of the model
    anonymised: Mapping[str, Any] = field(default_factory=dict)
    files: tuple[str, ...] = ()  # file fields whose files go when the row is deleted or anonymised
    purge_method: str = ""  # queryset method used instead of delete() (models that refuse deletion)
    view_of: str = ""  # the same rows as entry ``view_of``, shown in another section
    code_labels: Mapping[str, Any] = field(default_factory=dict)  # {list field: choices naming its codes}

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def retention_days(self) -> int | None:
        return settings.PERSONAL_DATA_RETENTION_DAYS[self.retention]

    @property
    def export_paths(self) -> list[str]:
        return [item if isinstance(item, str) else item[0] for item in self.export_fields]

    def export_label(self, path: str) -> str:
        for item in self.export_fields:
            if not isinstance(item, str) and item[0] == path:
                return str(item[1])
        return capfirst(str(field_at(self.model_class, path).verbose_name))

    def person_condition(self, *, user=None, email: str = "") -> Q | None:
        """The rows about this person: reached through ``user`` and/or ``email``; None if neither applies."""
        conditions = []
        if user is not None:
            conditions += [Q(**{path: user.pk}) for path in self.user_paths]
        if email:
            conditions += [Q(**{f"{path}__iexact": email}) for path in self.email_paths]
        if not conditions:
            return None
        condition = conditions[0]
        for other in conditions[1:]:
            condition |= other
        return condition

    def rows_of(self, *, user=None, email: str = "") -> QuerySet:
        """This person's rows, each once (paths through to-many relations would repeat them)."""
        manager = self.model_class._default_manager
        condition = self.person_condition(user=user, email=email)
        if condition is None:
            return manager.none()
        return manager.filter(pk__in=manager.filter(condition).values("pk"))


def field_at(model: type[models.Model], path: str) -> models.Field:
    """The field a lookup path ends at (``order__number`` → Order.number)."""
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    if parts[-1] == "pk":
        return model._meta.pk
    return model._meta.get_field(parts[-1])
