"""Withdrawal tombstones: how a restored backup gets its withdrawals applied again.

A withdrawn account is identified only by a keyed hash of its id and the
moment it was created (``account_hash``): no name, no e-mail. The tombstone
is kept twice: a ``WithdrawalRecord`` row, and a small file in the default
file storage (``withdrawal-log/<date>-<hash>.json``), which lives apart from
the database and is not rolled back when a database backup is restored.
``personal_data_purge`` merges both, withdraws again every account whose hash
matches, and deletes tombstones older than the "withdrawal_log" retention
(longer than any backup is kept: see ``PERSONAL_DATA_RETENTION_DAYS``).
"""

from __future__ import annotations

import datetime
import json
import logging

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.crypto import salted_hmac

from legal.privacy.models import WithdrawalRecord

logger = logging.getLogger(__name__)

TOMBSTONE_DIR = "withdrawal-log"
HASH_SALT = "offsetmart.legal.withdrawal-tombstone"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


def account_hash(*, user_id: int, date_joined: datetime.datetime) -> str:
    """A keyed hash of one account: the same account in a restored backup gives the same hash.

    The creation time is part of it because a database may hand a deleted
    account's id to a new member. Keyed with SECRET_KEY: rotating the key
    makes old tombstones unmatchable, so run the purge before rotating it.
    """
    joined = date_joined.astimezone(datetime.UTC).isoformat()
    return salted_hmac(HASH_SALT, f"{user_id}:{joined}", algorithm="sha256").hexdigest()


def _file_name(record: WithdrawalRecord) -> str:
    stamp = record.withdrawn_at.astimezone(datetime.UTC).strftime(STAMP_FORMAT)
    return f"{TOMBSTONE_DIR}/{stamp}-{record.subject_hash}.json"


def tombstone_file_write(*, record: WithdrawalRecord) -> None:
    """Keep the tombstone outside the database too (after commit; the purge redoes a failed write)."""
    name = _file_name(record)
    if default_storage.exists(name):
        return
    body = {"subject_hash": record.subject_hash, "withdrawn_at": record.withdrawn_at.isoformat()}
    default_storage.save(name, ContentFile(json.dumps(body).encode()))


def tombstone_files() -> dict[str, tuple[str, datetime.datetime]]:
    """{hash: (file name, withdrawn at)} for every tombstone file in storage."""
    try:
        _directories, names = default_storage.listdir(TOMBSTONE_DIR)
    except FileNotFoundError:
        return {}
    found = {}
    for name in names:
        stamp, _, rest = name.partition("-")
        subject_hash = rest.removesuffix(".json")
        try:
            withdrawn_at = datetime.datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=datetime.UTC)
        except ValueError:
            logger.warning("Ignoring a file in %s that is not a tombstone: %s", TOMBSTONE_DIR, name)
            continue
        found[subject_hash] = (f"{TOMBSTONE_DIR}/{name}", withdrawn_at)
    return found


def tombstones_merge(*, dry_run: bool = False) -> int:
    """Make the database and the file storage hold the same tombstones; return how many were missing."""
    files = tombstone_files()
    rows = dict(WithdrawalRecord.objects.values_list("subject_hash", "withdrawn_at"))
    missing_rows = {h: when for h, (_name, when) in files.items() if h not in rows}
    missing_files = [h for h in rows if h not in files]
    if not dry_run:
        WithdrawalRecord.objects.bulk_create(
            [WithdrawalRecord(subject_hash=h, withdrawn_at=when) for h, when in missing_rows.items()],
            ignore_conflicts=True,
        )
        for record in WithdrawalRecord.objects.filter(subject_hash__in=missing_files):
            tombstone_file_write(record=record)
    return len(missing_rows) + len(missing_files)


def accounts_withdrawn_before() -> list:
    """Accounts that exist although a tombstone says they withdrew (a restored backup)."""
    hashes = set(WithdrawalRecord.objects.values_list("subject_hash", flat=True)) | set(tombstone_files())
    if not hashes:
        return []
    User = get_user_model()
    matched = [
        user_id
        for user_id, date_joined in User.objects.values_list("pk", "date_joined").iterator(chunk_size=2000)
        if account_hash(user_id=user_id, date_joined=date_joined) in hashes
    ]
    return list(User.objects.filter(pk__in=matched).order_by("pk"))


def tombstones_expired_delete(*, before: datetime.datetime, dry_run: bool = False) -> int:
    """Delete tombstones (rows and files) of withdrawals before ``before``; return how many."""
    expired_rows = WithdrawalRecord.objects.filter(withdrawn_at__lt=before)
    expired_files = {h: name for h, (name, when) in tombstone_files().items() if when < before}
    count = len(set(expired_rows.values_list("subject_hash", flat=True)) | set(expired_files))
    if not dry_run:
        expired_rows.delete()
        for name in expired_files.values():
            default_storage.delete(name)
    return count
