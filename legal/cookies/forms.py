"""The cookie settings form (banner, cookie policy page, settings page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .consent import consent_read
from .inventory import optional_categories


class CookieConsentForm(forms.Form):
    """A visitor's cookie choice: allow all, necessary only, or the categories ticked."""

    ALLOW_ALL = "all"
    NECESSARY_ONLY = "necessary"
    SELECTED = "selected"

    choice = forms.ChoiceField(
        choices=[
            (ALLOW_ALL, _("Allow all")),
            (NECESSARY_ONLY, _("Necessary only")),
            (SELECTED, _("Save settings")),
        ],
        error_messages={
            "required": _("Please choose which cookies to allow."),
            "invalid_choice": _("Please choose which cookies to allow."),
        },
    )
    categories = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        label=_("Optional cookies"),
        error_messages={"invalid_choice": _("There is no such kind of cookie. Please choose from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [
            (category.value, category.label) for category in optional_categories()
        ]

    def allowed_categories(self) -> set[str]:
        """The optional categories the visitor allowed (call after is_valid())."""
        choice = self.cleaned_data["choice"]
        if choice == self.ALLOW_ALL:
            return {category.value for category in optional_categories()}
        if choice == self.NECESSARY_ONLY:
            return set()
        return set(self.cleaned_data["categories"])


def cookie_settings_form(*, request) -> CookieConsentForm:
    """The settings form, ticked as the visitor chose last time."""
    current = consent_read(request=request)
    return CookieConsentForm(initial={"categories": sorted(current.categories) if current else []})
