from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_YEN = 10**12


class InvoiceSearchForm(forms.Form):
    """Search by transaction date, amount (whole yen, tax included) and counterparty."""

    date_from = forms.DateField(label=_("Transaction date from"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("Transaction date to"), required=False, widget=DATE_INPUT)
    amount_min = forms.IntegerField(
        label=_("Amount from (yen)"), required=False, min_value=0, max_value=MAX_YEN
    )
    amount_max = forms.IntegerField(
        label=_("Amount to (yen)"), required=False, min_value=0, max_value=MAX_YEN
    )
    counterparty = forms.CharField(label=_("Counterparty (name or e-mail)"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The first date is after the last."))
        if (
            data.get("amount_min") is not None
            and data.get("amount_max") is not None
            and data["amount_min"] > data["amount_max"]
        ):
            raise ValidationError(_("The lowest amount is above the highest."))
        return data


class InvoiceCorrectForm(forms.Form):
    recipient_name = forms.CharField(
        label=_("Recipient name (empty: simplified invoice)"), max_length=200, required=False
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)
