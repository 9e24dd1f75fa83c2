from django import forms
from django.utils.translation import gettext_lazy as _


class ReceiptForm(forms.Form):
    """What the customer may ask of a receipt: the name it is made out to (first print only)."""

    addressee = forms.CharField(label=_("Made out to (optional)"), max_length=100, required=False)
    t = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
