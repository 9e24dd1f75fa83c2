"""Forms of the legal pages: comparing two versions, accepting changed documents."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DiffForm(forms.Form):
    """Which two published versions to compare (``?from=1&to=2``)."""

    from_number = forms.IntegerField(min_value=1, label=_("from version"))
    to_number = forms.IntegerField(min_value=1, label=_("to version"))

    def __init__(self, data, **kwargs):
        super().__init__({"from_number": data.get("from"), "to_number": data.get("to")}, **kwargs)


class AcceptChangesForm(forms.Form):
    accept = forms.BooleanField(
        required=True,
        label=_("I have read the changed documents listed above and accept them."),
        error_messages={"required": _("Please tick the box to accept the changed documents.")},
    )
    versions = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, required_versions, **kwargs):
        self.required_versions = required_versions
        super().__init__(*args, **kwargs)
        self.fields["versions"].initial = version_ids_token(required_versions)

    def clean(self):
        cleaned_data = super().clean()
        # The versions shown are the versions accepted; if one changed in
        # between, the person must see the new one first.
        if cleaned_data.get("versions") != version_ids_token(self.required_versions):
            raise forms.ValidationError(
                _("The documents changed while you were reading. Please read the current versions.")
            )
        return cleaned_data


def version_ids_token(versions) -> str:
    return ",".join(str(version.pk) for version in versions)
