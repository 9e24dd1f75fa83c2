class PublishedVersionLocked(Exception):
    """A published legal version was about to be changed or deleted; it never is."""


class ProvisionRecordLocked(Exception):
    """Provision records are append-only: never changed or deleted in place."""


class ProvisionRefused(Exception):
    """The gateway refused to hand personal data to a processor; the reason says why."""

    def __init__(self, reason: str, *, processor=None):
        super().__init__(reason)
        self.reason = reason
        self.processor = processor


class AppendOnlyRecordLocked(Exception):
    """An append-only record (incident timeline, staff access log) was about to be changed or deleted."""


class WithdrawalRefused(Exception):
    """A member's withdrawal cannot be carried out here; the message says why."""
