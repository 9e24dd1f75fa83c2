"""The privacy policy's retention table (``{{ retention_periods }}``), generated from the settings.

The purge (``personal_data_purge``) applies ``settings.PERSONAL_DATA_RETENTION_DAYS``;
the policy shows the same numbers, so a changed period changes the text with it.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.markdown import table_row

from .holdings import RETENTION_CATEGORIES

# Where a period does not run from when the record was made.
COUNTED_FROM = {
    "orders_and_tax": gettext_lazy("from the order"),
    "invoices": gettext_lazy("from their issue"),
    "privacy_requests": gettext_lazy("from the day the request is closed"),
    "identity_documents": gettext_lazy("from the day the request is closed"),
    "withdrawal_log": gettext_lazy("from the account's closing"),
}
# Listed in the settings for the checks, but not data the shop keeps about customers.
NOT_SHOWN = {"staff_records"}


def retention_period_text(days: int | None) -> str:
    """A period as people say it: "7 years", "90 days", or for as long as its purpose lasts."""
    if days is None:
        return _("for as long as its purpose lasts")
    years, spare_days = divmod(days, 365)
    if years and spare_days <= 2:  # leap days, counted in so that a year is always a full year
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def retention_periods_markdown() -> str:
    """Every retention category with its period, as a Markdown table in the current language."""
    header = [_("What"), _("How long we keep it")]
    rows = [table_row(header), table_row(["---"] * len(header))]
    for category, days in settings.PERSONAL_DATA_RETENTION_DAYS.items():
        if category in NOT_SHOWN:
            continue
        period = retention_period_text(days)
        if days is not None and category in COUNTED_FROM:
            period = f"{period} ({COUNTED_FROM[category]})"
        rows.append(table_row([RETENTION_CATEGORIES.get(category, category), period]))
    return "\n".join(rows)
