"""Errors of legal documents."""

from common.records import AppendOnlyRecordLocked


class PublishedVersionLocked(AppendOnlyRecordLocked):
    """A published legal version was about to be changed or deleted; it never is."""
