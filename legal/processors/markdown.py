"""The privacy policy's list of processors, generated from the registry."""

from django.utils.translation import gettext as _

from common.markdown import table_row

from .models import PersonalDataField, Processor, Purpose


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
