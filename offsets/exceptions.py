from common.records import AppendOnlyRecordLocked


class SoldOut(Exception):
    """Fewer tonnes are for sale than a buyer asked for; nothing was reserved."""

    def __init__(self, *, batch, requested: int, available: int):
        super().__init__(f"{batch}: {requested} t requested, {available} t available")
        self.batch = batch
        self.requested = requested
        self.available = available


class AllocationLocked(AppendOnlyRecordLocked):
    """Sold serials stay sold: an allocation is never changed or deleted (no refunds)."""


class CertificateRefused(Exception):
    """A retirement or certificate action was refused; ``reason`` says why, for staff."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SubstitutionRefused(Exception):
    """A substitution could not be scheduled, carried out or cancelled; ``reason`` says why, for staff."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
