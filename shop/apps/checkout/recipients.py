"""Who receives the customer's data from this order, as the final confirmation page shows it for consent.

Processors outside Japan (consent to the transfer abroad, APPI Art. 28) and
the registry operator of every batch in the basket (consent to third-party
provision of the beneficiary name, Art. 27; with Art. 28's information when
the operator is abroad). Each is a snapshot of what is shown
(``legal.processors.selectors.recipient_snapshot``), kept with the order.
"""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from legal.processors import selectors as processors_selectors
from offsets import selectors as offsets_selectors


@dataclass(frozen=True)
class ConsentRecipients:
    processors_abroad: list[dict]
    registry_operators: list[dict]
    # Why no valid consent can be given now (a registry without operator, information
    # missing for a recipient abroad): the order cannot be placed.
    unavailable: list[str]

    def shown(self) -> dict[str, list[dict]]:
        """Both lists in the page's language, for the template."""
        language = (get_language() or "ja")[:2]
        return {
            key: [processors_selectors.recipient_shown(snapshot=s, language=language) for s in snapshots]
            for key, snapshots in (
                ("processors_abroad", self.processors_abroad),
                ("registry_operators", self.registry_operators),
            )
        }


def consent_recipients(*, basket) -> ConsentRecipients:
    """The recipients the customer must consent to before this basket can be ordered."""
    batches = [line.product.credit_batch for line in basket.all_lines()]
    found = offsets_selectors.registry_operators_for(batches=batches)
    abroad = processors_selectors.processors_abroad()
    operators = [processors_selectors.recipient_snapshot(recipient=operator) for operator in found.operators]
    unavailable = [
        _("Credits of %(registry)s cannot be ordered now: its registry operator is not registered.")
        % {"registry": registry}
        for registry in found.unregistered
    ] + [
        _("We cannot ask your consent for %(recipient)s now: the information about it is incomplete.")
        % {"recipient": snapshot["name"]}
        for snapshot in [*abroad, *operators]
        if not snapshot["complete"]
    ]
    return ConsentRecipients(processors_abroad=abroad, registry_operators=operators, unavailable=unavailable)
