"""The privacy policy's list of entrusted work.

Until the processor registry exists, the list names the kinds of work
entrusted and the data each receives; the registry will generate it.
"""

from django.utils.translation import gettext as _


def entrusted_processors_markdown() -> str:
    """The kinds of work entrusted to processors (the registry will list each processor)."""
    return "\n".join(
        [
            f"| {_('Entrusted work')} | {_('Personal data handed over')} |",
            "| --- | --- |",
            f"| {_('Card payment processing')} | {_('Order number and amount')} |",
            f"| {_('Sending order and certificate e-mail')} | {_('E-mail address, name, order number')} |",
            f"| {_('Certificate issuance')} | {_('Beneficiary name, purpose of the offset, order number')} |",
        ]
    )
