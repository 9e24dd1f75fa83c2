"""The privacy policy's lists of processors and third parties, generated from the registries."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.markdown import table_row

from .models import PersonalDataField, Processor, Purpose, ThirdParty
from .selectors import HOME_COUNTRY, recipient_shown, recipient_snapshot


def entrusted_processors_markdown() -> str:
    """The active processors as a Markdown table: who, what work, where, which data."""
    header = [_("Processor"), _("Entrusted work"), _("Country"), _("Personal data handed over")]
    rows = [table_row(header), table_row(["---"] * len(header))]
    for processor in Processor.objects.filter(is_active=True).order_by("role", "name"):
        work = " / ".join(str(Purpose(code).label) for code in processor.purposes if code in Purpose.values)
        fields = ", ".join(
            str(PersonalDataField(code).label)
            for code in processor.data_scope
            if code in PersonalDataField.values
        )
        rows.append(table_row([processor.name, work or "—", processor.country, fields or "—"]))
    if len(rows) == 2:
        return _("We currently entrust no personal data to outside processors.")
    return "\n".join(rows)


def third_parties_markdown() -> str:
    """The active third-party recipients (registry operators) as a Markdown table, in the page's language."""
    header = [_("Recipient"), _("Country"), _("What it uses the data for"), _("Personal data provided")]
    rows = [table_row(header), table_row(["---"] * len(header))]
    for third_party in ThirdParty.objects.filter(is_active=True).order_by("name"):
        shown = recipient_shown(snapshot=recipient_snapshot(recipient=third_party), language=_language())
        rows.append(
            table_row(
                [shown["name"], shown["country_name"], shown["purpose"], ", ".join(shown["fields"]) or "—"]
            )
        )
    if len(rows) == 2:
        return _("We currently provide no personal data to third parties.")
    return "\n".join(rows)


def recipients_abroad_markdown() -> str:
    """Each active recipient outside Japan with what APPI Art. 28(2) requires: country, system, measures."""
    recipients = [
        *Processor.objects.filter(is_active=True).exclude(country=HOME_COUNTRY).order_by("role", "name"),
        *ThirdParty.objects.filter(is_active=True).exclude(country=HOME_COUNTRY).order_by("name"),
    ]
    items = []
    for recipient in recipients:
        shown = recipient_shown(snapshot=recipient_snapshot(recipient=recipient), language=_language())
        items += [
            f"- **{shown['name']}** ({shown['country_name']})",
            f"    - {_('Outline of the country’s personal-information protection system')}: "
            f"{shown['system_outline'] or '—'}",
            f"    - {_('Measures the recipient takes')}: {shown['measures'] or '—'}",
        ]
    if not items:
        return _("We currently hand no personal data to recipients outside Japan.")
    return "\n".join(items)


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "ja"
