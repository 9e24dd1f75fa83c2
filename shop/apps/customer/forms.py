"""Customer forms fork: registering means accepting the current legal versions; the password asked
again when changing it or closing the account counts towards the login lockout.

The acceptance fields live on a subclass, not on Oscar's EmailUserCreationForm,
because the dashboard builds staff user forms on that one.
"""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.apps.customer import forms as oscar_forms
from oscar.apps.customer.forms import *  # noqa: F403  (Oscar's fork pattern)

from legal.documents import selectors as legal_selectors
from legal.documents.forms import version_ids_token
from shop.login_throttle.rechecks import password_recheck


class CustomerRegistrationForm(oscar_forms.EmailUserCreationForm):
    accept_legal = forms.BooleanField(
        required=True,
        error_messages={
            "required": gettext_lazy("Please accept the terms of service, privacy policy and disclaimer.")
        },
    )
    legal_versions = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The exact versions shown next to the box are the versions accepted.
        self.versions_to_accept = legal_selectors.versions_to_accept()
        self.fields["legal_versions"].initial = version_ids_token(self.versions_to_accept)
        self.fields["accept_legal"].label = format_html(
            _("I have read and accept the {documents}."),
            documents=format_html_join(
                ", ",
                '<a href="{}" target="_blank" rel="noopener">{} ({})</a>',
                (
                    (
                        reverse("legal:version", kwargs={"kind": version.kind, "number": version.number}),
                        version.localized("title"),
                        _("version %(number)s") % {"number": version.number},
                    )
                    for version in self.versions_to_accept
                ),
            ),
        )

    def clean(self):
        cleaned_data = super().clean()
        # A hidden field's error would not show: report it for the whole form.
        if cleaned_data.get("legal_versions") != version_ids_token(self.versions_to_accept):
            raise forms.ValidationError(
                _("Our terms changed while you were registering. Please read the current versions.")
            )
        return cleaned_data


class PasswordRecheckMixin:
    """A form that asks the signed-in person for their password again, checked as a sign-in attempt
    (shop/login_throttle/rechecks.py); the view passes its request."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def password_rechecked(self, password: str, refusal: forms.ValidationError) -> str:
        if not password_recheck(self.request, password):
            raise refusal
        return password


class RecheckedPasswordChangeForm(PasswordRecheckMixin, DjangoPasswordChangeForm):
    """Django's password change, with the current password checked as a sign-in attempt."""

    def clean_old_password(self):
        refusal = forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return self.password_rechecked(self.cleaned_data["old_password"], refusal)


class RecheckedConfirmPasswordForm(PasswordRecheckMixin, oscar_forms.ConfirmPasswordForm):
    """Oscar's "enter your password to close the account", checked as a sign-in attempt."""

    def clean_password(self):
        refusal = forms.ValidationError(_("The entered password is not valid!"))
        return self.password_rechecked(self.cleaned_data["password"], refusal)
