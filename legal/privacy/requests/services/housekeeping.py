"""Housekeeping: deleting the private files of privacy requests once they are no longer needed.

Personal data no longer needed is deleted (APPI Art. 22). Identity documents and the
disclosed data are kept for the "identity_documents" period of
PERSONAL_DATA_RETENTION_DAYS after the request closes; then the files go, and so does
the rows' content (the fact that a document was checked, by whom and when, stays).
Private files no row refers to, left by a submission that failed after storing them,
go after a day. ``privacy_requests_housekeeping`` is the scheduled run.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from legal.privacy.requests.models import CLOSED_STATUSES, OPEN_STATUSES, IdentityDocument, PrivacyRequest

from ..storage import private_storage
from ._common import Event, _event, _export_files_delete

PRIVATE_FOLDERS = ("identity", "disclosure")
ORPHAN_GRACE = datetime.timedelta(days=1)


def privacy_requests_housekeeping(now: datetime.datetime | None = None) -> int:
    """The scheduled clean-up: files past their keeping period, then orphaned files. Returns files deleted."""
    return identity_documents_purge(now=now) + private_orphans_delete(now=now)


def identity_documents_purge(now: datetime.datetime | None = None) -> int:
    """Delete the identity documents and disclosed data of requests closed long enough ago.

    "Long enough" is the "identity_documents" period of PERSONAL_DATA_RETENTION_DAYS after closing.

    The files go, and so does the rows' content (only the fact that a
    document was checked, by whom and when, stays). Returns how many files
    were deleted. Safe to run again and from several workers at once.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS["identity_documents"])
    due = PrivacyRequest.objects.filter(
        status__in=CLOSED_STATUSES, closed_at__lte=cutoff, files_purged_at__isnull=True
    ).values_list("pk", flat=True)
    deleted = 0
    for pk in list(due):
        deleted += _request_files_purge(pk, now)
    return deleted


def private_orphans_delete(now: datetime.datetime | None = None) -> int:
    """Delete private files no row refers to (left by a submission that failed after storing them).

    Files younger than a day are left alone: their row may not be committed yet.
    Returns how many files were deleted.
    """
    now = now or timezone.now()
    known = set(IdentityDocument.objects.exclude(file="").values_list("file", flat=True))
    for json_name, pdf_name in PrivacyRequest.objects.values_list("export_json", "export_pdf"):
        known.update(name for name in (json_name, pdf_name) if name)
    deleted = 0
    for folder in PRIVATE_FOLDERS:
        for name in _private_files_under(private_storage, folder):
            if name in known or now - private_storage.get_modified_time(name) < ORPHAN_GRACE:
                continue
            private_storage.delete(name)
            deleted += 1
    return deleted


@transaction.atomic
def _request_files_purge(pk: int, now: datetime.datetime) -> int:
    request = PrivacyRequest.objects.select_for_update().get(pk=pk)
    if request.files_purged_at or request.status in OPEN_STATUSES:
        return 0
    deleted = 0
    for document in IdentityDocument.objects.select_for_update().filter(
        request=request, purged_at__isnull=True
    ):
        if document.file.name:
            document.file.storage.delete(document.file.name)
            deleted += 1
        document.file = ""
        document.content_type = ""
        document.size = 0
        document.rejection_reason = ""
        document.purged_at = now
        document.save(update_fields=["file", "content_type", "size", "rejection_reason", "purged_at"])
    deleted += _export_files_delete(request)
    request.files_purged_at = now
    request.save(update_fields=["export_json", "export_pdf", "files_purged_at"])
    _event(request, Event.FILES_PURGED)
    return deleted


def _private_files_under(storage, folder: str):
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _private_files_under(storage, f"{folder}/{directory}")
