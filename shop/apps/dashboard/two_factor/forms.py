from django import forms
from django.utils.translation import gettext_lazy as _

from legal.staff.two_factor import AUTHENTICATOR, RECOVERY, code_kind


class CodeForm(forms.Form):
    """One code: six digits from the authenticator app or, where accepted, a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        # No max_length: whatever is typed gets the one message below.
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false", "maxlength": 20}
        ),
    )

    def __init__(self, *args, recovery_codes_accepted: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted = {AUTHENTICATOR, RECOVERY} if recovery_codes_accepted else {AUTHENTICATOR}
        if not recovery_codes_accepted:
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if code_kind(code) in self.accepted:
            return code
        if RECOVERY in self.accepted:
            raise forms.ValidationError(
                _("Enter the 6-digit code from your authenticator app, or one of your recovery codes.")
            )
        raise forms.ValidationError(_("Enter the 6-digit code your authenticator app shows."))
