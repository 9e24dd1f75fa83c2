"""What the legal texts say about substitution, filled in from the code so the two cannot drift.

Registered in ``OffsetsConfig.ready`` as placeholders of the legal documents
(``legal.documents.rendering.register_block``): ``{{ substitution_rule }}`` lists the
conditions ``selectors.substitute_batches`` applies, ``{{ substitution_notice_days }}`` is the
notice period the customer is given before a substitution is carried out.
"""

from django.conf import settings
from django.utils.translation import gettext as _


def substitution_rule_markdown() -> str:
    """The same-kind conditions as a Markdown list, in the active language."""
    conditions = [
        _("credited under the same registry or standard (for example the J-Credit Scheme);"),
        _("of the same type (removal, or avoidance and reduction) and the same project category;"),
        _("of the same or a later vintage;"),
        _("in the same number of tonnes, at no extra cost to you."),
    ]
    return "\n\n" + "\n".join(f"- {condition}" for condition in conditions) + "\n\n"


def substitution_notice_days() -> str:
    """How many days before a substitution the customer is told, from the setting."""
    return str(settings.SUBSTITUTION_NOTICE_DAYS)
