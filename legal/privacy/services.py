"""Withdrawal (退会) and the retention purge, both carried out from the register.

``member_withdraw`` applies each entry of ``HOLDINGS`` to one member at once:
deletes what may go, detaches what the law makes the shop keep (copying the
e-mail in, so the kept record still says whose it was), clears staff-actor
links, leaves a tombstone, and deletes the account.

``personal_data_purge`` applies the retention periods
(``settings.PERSONAL_DATA_RETENTION_DAYS``) to everyone: it deletes or
anonymises rows past their period, deletes old log files and expired
sessions, and withdraws again any account a restored backup brought back.
Safe to run again: a second run finds nothing left to do.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.logfiles import log_files_expired
from legal.privacy.exceptions import WithdrawalRefused
from legal.privacy.models import WithdrawalRecord
from legal.processors import outbox
from legal.processors.models import Purpose
from offsets.signals import ledger_changed

from . import tombstones
from .holding import AtRetentionEnd, Holding, OnWithdrawal
from .holdings import HOLDINGS

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


# --- Withdrawal -------------------------------------------------------------------


def member_withdraw(*, user, notify: bool = True) -> dict[str, int]:
    """Close ``user``'s account as the register says, in one transaction.

    Returns {register entry: rows deleted, detached or kept}. Staff accounts
    are refused (WithdrawalRefused): an administrator closes them, so the
    records of their work are handed over first. ``notify`` queues a
    goodbye e-mail to the address the account had.
    """
    User = get_user_model()
    with transaction.atomic():
        member = User.objects.select_for_update().filter(pk=user.pk).first()
        if member is None:
            raise WithdrawalRefused(_("This account has already been closed."))
        if member.is_staff or member.is_superuser:
            raise WithdrawalRefused(
                _(
                    "Staff accounts are closed by an administrator, "
                    "so that the records of their work stay in order."
                )
            )
        email = member.email
        subject_hash = tombstones.account_hash(user_id=member.pk, date_joined=member.date_joined)
        counts: dict[str, int] = {}
        for holding in HOLDINGS:
            if holding.view_of or holding.model_class is User:
                continue
            rows = holding.rows_of(user=member)
            if holding.on_withdrawal == OnWithdrawal.DELETE:
                counts[holding.key] = _rows_delete(holding, rows)
            else:
                counts[holding.key] = _rows_detach(holding, rows, member=member, email=email)
        record, _created = WithdrawalRecord.objects.get_or_create(subject_hash=subject_hash)
        # Whatever links remain are SET_NULL fields (kept records) and many-to-many rows: the
        # account's own deletion clears them, as each field declares.
        member.delete()
        counts["account"] = 1
        transaction.on_commit(lambda: _tombstone_file_write(record))
        if notify and email:
            outbox.email_enqueue(
                purpose=Purpose.ACCOUNT_EMAIL,
                recipient=email,
                template="legal/emails/withdrawal",
                personal_data={},
                context=_goodbye_context(),
                reference=f"withdrawal:{record.pk}",
            )
    ledger_changed.send(sender=WithdrawalRecord)  # detached orders' names leave the public ledger now
    return counts


def _rows_delete(holding: Holding, rows: QuerySet) -> int:
    count = rows.count()
    if count:
        _files_delete_after_commit(holding, rows)
        rows.delete()
    return count


def _rows_detach(holding: Holding, rows: QuerySet, *, member, email: str) -> int:
    model = holding.model_class
    count = rows.count()
    if not count:
        return 0
    if holding.keep_email_in and email:
        rows.filter(**{holding.keep_email_in: ""}).update(**{holding.keep_email_in: email})
    for path in holding.user_paths:
        if "__" in path:
            continue  # reached through another record, which its own entry detaches
        link = model._meta.get_field(path)
        # A link that would cascade must be cleared before the account goes, or the kept rows
        # would go with it. SET_NULL links are cleared by the account's deletion.
        if not link.many_to_many and link.remote_field.on_delete is models.CASCADE:
            model._base_manager.filter(**{path: member.pk}).update(**{path: None})
    return count


def _files_delete_after_commit(holding: Holding, rows: QuerySet) -> None:
    """Files of rows being deleted or anonymised go once the database change is committed."""
    for file_field in holding.files:
        names = [name for name in rows.values_list(file_field, flat=True) if name]
        if names:
            transaction.on_commit(lambda names=names: [default_storage.delete(name) for name in names])


def _tombstone_file_write(record: WithdrawalRecord) -> None:
    try:
        tombstones.tombstone_file_write(record=record)
    except OSError:  # the purge writes missing tombstone files again
        logger.exception("Could not write the withdrawal tombstone file for record %s", record.pk)


def _goodbye_context() -> dict:
    days = settings.PERSONAL_DATA_RETENTION_DAYS
    context = {
        "orders_years": (days["orders_and_tax"] or 0) // 365,
        "provision_years": (days["provision_records"] or 0) // 365,
        "closed_on": timezone.localdate().isoformat(),
        "contact_email": settings.COMPANY["email"],
    }
    for language in ("ja", "en"):
        with translation.override(language):
            context[f"privacy_url_{language}"] = settings.SHOP_BASE_URL.rstrip("/") + reverse(
                "legal:document", kwargs={"kind": "privacy"}
            )
    return context


# --- Retention purge -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PurgeLine:
    category: str
    entry: str
    model: str
    action: str  # "deleted", "anonymised", "withdrawn again", "tombstones repaired"
    count: int


@dataclasses.dataclass
class PurgeReport:
    now: datetime.datetime
    dry_run: bool
    lines: list[PurgeLine] = dataclasses.field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)

    def by_category(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for line in self.lines:
            totals[line.category] = totals.get(line.category, 0) + line.count
        return totals

    def as_dict(self) -> dict:
        return {
            "now": self.now.isoformat(),
            "dry_run": self.dry_run,
            "lines": [dataclasses.asdict(line) for line in self.lines],
            "by_category": self.by_category(),
        }


def personal_data_purge(
    *, now: datetime.datetime | None = None, progress: Progress | None = None, dry_run: bool = False
) -> PurgeReport:
    """Apply every retention period as of ``now``; with ``dry_run``, only count what would change."""
    now = now or timezone.now()
    report = PurgeReport(now=now, dry_run=dry_run)

    def record(category: str, entry: str, model: str, action: str, count: int) -> None:
        line = PurgeLine(category, entry, model, action, count)
        report.lines.append(line)
        if progress is not None:
            progress(f"{category}: {entry} ({model}) {action}: {count}")

    retention = settings.PERSONAL_DATA_RETENTION_DAYS

    # A restored backup first: its withdrawn accounts are withdrawn again.
    repaired = tombstones.tombstones_merge(dry_run=dry_run)
    record("withdrawal_log", "tombstones", "legal.WithdrawalRecord", "tombstones repaired", repaired)
    returned = tombstones.accounts_withdrawn_before()
    for account in returned if not dry_run else []:
        try:
            member_withdraw(user=account, notify=False)
        except WithdrawalRefused as refused:
            logger.warning("Could not withdraw restored account %s again: %s", account.pk, refused)
    record("withdrawal_log", "withdrawals", settings.AUTH_USER_MODEL, "withdrawn again", len(returned))

    for holding in HOLDINGS:
        days = retention[holding.retention]
        if days is None or holding.view_of or holding.at_retention_end == AtRetentionEnd.NOTHING:
            continue
        cutoff = now - datetime.timedelta(days=days)
        with transaction.atomic():
            action, count = _retention_apply(holding, cutoff=cutoff, now=now, dry_run=dry_run)
        record(holding.retention, holding.key, holding.model, action, count)

    days = retention["server_logs"]
    if settings.LOG_DIR and days is not None:
        expired = log_files_expired(directory=settings.LOG_DIR, keep_days=days, today=timezone.localdate(now))
        if not dry_run:
            for path in expired:
                path.unlink(missing_ok=True)
        record("server_logs", "log_files", settings.LOG_DIR, "deleted", len(expired))

    if settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        from django.contrib.sessions.models import Session

        # A session can hold a guest's checkout e-mail: it goes when the session expires.
        expired_sessions = Session.objects.filter(expire_date__lt=now)
        count = expired_sessions.count()
        if not dry_run:
            expired_sessions.delete()
        record("account", "expired_sessions", "sessions.Session", "deleted", count)

    # Identity documents and disclosed copies: private files, kept a short time after the request closes.
    if not dry_run:
        from .requests.services import privacy_requests_housekeeping

        files = privacy_requests_housekeeping(now=now)
        record("identity_documents", "private_files", "legal.IdentityDocument", "files deleted", files)

    days = retention["withdrawal_log"]
    if days is not None:
        count = tombstones.tombstones_expired_delete(
            before=now - datetime.timedelta(days=days), dry_run=dry_run
        )
        record("withdrawal_log", "tombstones", "legal.WithdrawalRecord", "deleted", count)
    if not dry_run and any(line.count for line in report.lines):
        # Names blanked by queryset updates, which send no post_save: the public ledger drops them now.
        ledger_changed.send(sender=WithdrawalRecord)
    return report


def _retention_apply(
    holding: Holding, *, cutoff: datetime.datetime, now: datetime.datetime, dry_run: bool
) -> tuple[str, int]:
    manager = holding.model_class._default_manager
    rows = manager.filter(**{f"{holding.retained_from}__lt": cutoff})
    if holding.retention_applies_to is not None:
        rows = rows.filter(holding.retention_applies_to)
    if holding.at_retention_end == AtRetentionEnd.DELETE:
        count = rows.count()
        if dry_run or not count:
            return "deleted", count
        _files_delete_after_commit(holding, rows)
        if holding.purge_method:
            return "deleted", getattr(manager.all(), holding.purge_method)(now=now)
        rows.delete()
        return "deleted", count
    # Anonymise the rows not anonymised yet, so a second run changes nothing.
    done = Q(**holding.anonymised) & Q(**dict.fromkeys(holding.files, ""))
    pending = manager.filter(pk__in=rows.exclude(done).values("pk"))
    count = pending.count()
    if dry_run or not count:
        return "anonymised", count
    _files_delete_after_commit(holding, pending)
    pending.update(**holding.anonymised, **dict.fromkeys(holding.files, ""))
    return "anonymised", count
