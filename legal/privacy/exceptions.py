"""Errors of the privacy features."""


class WithdrawalRefused(Exception):
    """A member's withdrawal cannot be carried out here; the message says why."""
