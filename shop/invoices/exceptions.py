class InvoiceRefused(Exception):
    """An invoice or receipt cannot be issued as asked; the message says why, for the person who asked."""


class InvoiceLinkInvalid(Exception):
    """A signed invoice link was forged, altered or has expired."""
