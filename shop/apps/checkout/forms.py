from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F403  (Oscar's fork pattern)
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm

from offsets.claims import claim_phrases_found


class OffsetDetailsForm(forms.Form):
    """What the certificate says, and the card (as Stripe's id for it, never the number)."""

    beneficiary_name = forms.CharField(
        label=_("Beneficiary name (shown on the certificate)"),
        max_length=100,
        help_text=_("The person or organisation in whose name the credits are retired."),
    )
    offset_purpose = forms.CharField(
        label=_("Purpose of the offset"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: offsetting our office's electricity in fiscal 2026."),
    )
    show_on_verification_page = forms.BooleanField(
        label=_("Show the beneficiary name and purpose on the public verification page"), required=False
    )
    show_calculation_on_certificate = forms.BooleanField(
        label=_("Show the footprint calculation on my certificate (energy used, period, emission factors)"),
        required=False,
        help_text=_(
            "Your energy use is personal data: it is stated on the certificate only if you tick this."
        ),
    )
    # --- Company purchase (issue 17): a full qualified invoice addressed to the recipient ----------
    buying_for_company = forms.BooleanField(label=_("I am buying for a company"), required=False)
    company_name = forms.CharField(
        label=_("Company name"),
        max_length=100,
        required=False,
        help_text=_("Needed when buying for a company. The certificate keeps the beneficiary name above."),
    )
    company_department = forms.CharField(label=_("Department"), max_length=100, required=False)
    company_contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    invoice_recipient_name = forms.CharField(
        label=_("Invoice recipient name"),
        max_length=150,
        required=False,
        help_text=_("Left empty, the invoice is addressed to the company name (and department)."),
    )
    remember_company = forms.BooleanField(
        label=_("Remember these company details for my next order"),
        required=False,
        help_text=_("Untick to clear the company details we keep for you."),
    )
    payment_method = forms.RegexField(
        regex=r"^(pm|card|src)_[A-Za-z0-9]+$",
        max_length=255,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Please enter your card details."),
            "invalid": _("Please enter your card details."),
        },
    )

    def purpose_claims(self) -> list[str]:
        """Neutrality or green-product phrases in the purpose as typed: warned about, never refused."""
        if self.is_bound:
            purpose = self.data.get("offset_purpose", "")
        else:
            purpose = self.initial.get("offset_purpose", "")
        return claim_phrases_found(text=str(purpose)[:1000])

    def __init__(self, *args, calculation_offered: bool = False, member: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not calculation_offered:
            # Only a basket filled from the footprint calculator has a calculation to show.
            del self.fields["show_calculation_on_certificate"]
        if not member:
            # Only a member's account can keep company details for next time.
            del self.fields["remember_company"]

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("buying_for_company"):
            # A consumer's order: nothing about a company is kept, whatever was typed.
            cleaned_data.update(dict.fromkeys(COMPANY_FIELDS, ""))
            return cleaned_data
        company = cleaned_data.get("company_name", "")
        if "company_name" not in self.errors and not company:
            self.add_error(
                "company_name", _("Please enter the company name, or untick buying for a company.")
            )
        if company and not cleaned_data.get("invoice_recipient_name"):
            recipient = " ".join(filter(None, (company, cleaned_data.get("company_department", ""))))
            cleaned_data["invoice_recipient_name"] = recipient[:150]
        return cleaned_data


# What a company purchase adds to the checkout's details, the submission and the order.
COMPANY_FIELDS = ("company_name", "company_department", "company_contact_name", "invoice_recipient_name")


class ConfirmOrderForm(forms.Form):
    """The final confirmation: acceptance of the exact versions shown, and consent to the recipients listed.

    The recipients are the processors abroad and the registry operators of the
    batches ordered; without consent to them the order cannot be placed (the
    beneficiary name is never withheld from a registry: retiring in that name is the service).
    """

    accept = forms.BooleanField(
        label=_("I accept the terms of service, privacy policy and disclaimer shown above, and that the "
                "payment is taken now and cannot be refunded."),
        error_messages={"required": _("Please tick the box to confirm your order.")},
    )  # fmt: skip
    consent_recipients = forms.BooleanField(
        required=False,
        label=_("I consent to my data being handed to the recipients listed above: the registry operators "
                "that retire my credits, and the processors outside Japan."),
    )  # fmt: skip
    versions = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, versions_token: str, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions_token = versions_token
        self.unavailable = recipients.unavailable
        self.fields["versions"].initial = versions_token
        self.fields["consent_recipients"].required = bool(
            recipients.processors_abroad or recipients.registry_operators
        )
        self.fields["consent_recipients"].error_messages["required"] = _(
            "Your order needs your consent to the recipients listed above: without it we cannot retire "
            "your credits in the beneficiary's name or take the card payment."
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.unavailable:
            raise forms.ValidationError(self.unavailable)
        if cleaned_data.get("versions") != self.versions_token:
            raise forms.ValidationError(
                _("Our terms changed while you were confirming. Please read the current versions.")
            )
        return cleaned_data


class GatewayForm(OscarGatewayForm):
    """Oscar's first checkout step; its password box sits beside a radio button with no label of its
    own, so it gets one that screen readers announce."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs.setdefault("aria-label", _("Password"))
