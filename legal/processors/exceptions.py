"""Errors of the processor registry and its gateway."""

from common.records import AppendOnlyRecordLocked


class ProvisionRecordLocked(AppendOnlyRecordLocked):
    """Provision records are append-only: never changed or deleted in place."""


class ProvisionRefused(Exception):
    """The gateway refused to hand personal data to a processor; the reason says why."""

    def __init__(self, reason: str, *, processor=None):
        super().__init__(reason)
        self.reason = reason
        self.processor = processor
