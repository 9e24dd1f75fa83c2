"""Forms of privacy requests: the person's request (member or public), uploads, and staff forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from legal.privacy.requests.models import (
    DISCLOSURE_KINDS,
    CorrectionItem,
    DeliveryMethod,
    IdentityDocument,
    RefusalReason,
    RequestKind,
    RequestStatus,
)

from .files import identity_file_check

Role = IdentityDocument.Role
ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


class IdentityFileField(forms.FileField):
    """A PDF, JPEG or PNG of at most PRIVACY_UPLOAD_MAX_BYTES, judged by its content."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.checked_content_type = identity_file_check(upload)
        return upload


class RequestForm(forms.Form):
    """What a member fills in; the public form adds who the person is and the agent's part."""

    kind = forms.ChoiceField(label=_("What are you asking for?"), choices=[("", "—"), *RequestKind.choices])
    delivery_method = forms.ChoiceField(
        label=_("How do you want to receive the disclosure?"),
        choices=[("", "—"), *DeliveryMethod.choices],
        required=False,
        help_text=_("Only for a disclosure."),
    )
    postal_address = forms.CharField(
        label=_("Postal address"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
        help_text=_("Needed if you want the disclosure on paper."),
    )
    details = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        help_text=_("Anything that helps us find the data or understand the request."),
    )
    reissue_certificates = forms.BooleanField(
        label=_("Reissue my certificates with the corrected beneficiary name or purpose"),
        required=False,
        help_text=_("Only for a correction of certificate details."),
    )
    requester_id = IdentityFileField(
        label=_("Your identity document"),
        required=False,
        help_text=_(
            "A copy of a driving licence, passport, My Number card (front only) or similar: "
            "PDF, JPEG or PNG, at most 10 MB."
        ),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in DISCLOSURE_KINDS:
            if not data.get("delivery_method"):
                self.add_error("delivery_method", _("Choose electronic or paper delivery."))
            elif (
                data["delivery_method"] == DeliveryMethod.PAPER and not data.get("postal_address", "").strip()
            ):
                self.add_error("postal_address", _("Give the address to post the disclosure to."))
        if not self.agent_request() and not data.get("requester_id") and "requester_id" not in self.errors:
            self.add_error("requester_id", _("Attach a copy of your identity document."))
        return data

    def agent_request(self) -> bool:
        return False

    def documents(self) -> list[tuple[str, object]]:
        return [
            (role, self.cleaned_data[role])
            for role in (Role.REQUESTER_ID, Role.POWER_OF_ATTORNEY, Role.AGENT_ID)
            if self.cleaned_data.get(role)
        ]


class PublicRequestForm(RequestForm):
    """For people without an account, in person or through an agent."""

    requester_name = forms.CharField(label=_("Name of the person whose data it is"), max_length=200)
    requester_email = forms.EmailField(label=_("E-mail address of the person"))
    is_agent = forms.BooleanField(label=_("I am an agent asking on the person's behalf"), required=False)
    agent_name = forms.CharField(label=_("Agent's name"), max_length=200, required=False)
    agent_email = forms.EmailField(
        label=_("Agent's e-mail address"), required=False, help_text=_("Our replies go to the agent.")
    )
    power_of_attorney = IdentityFileField(
        label=_("Power of attorney"),
        required=False,
        help_text=_("Signed by the person whose data it is. PDF, JPEG or PNG, at most 10 MB."),
    )
    agent_id = IdentityFileField(
        label=_("Agent's identity document"), required=False, help_text=_("PDF, JPEG or PNG, at most 10 MB.")
    )

    field_order = [
        "requester_name", "requester_email", "postal_address", "kind", "delivery_method", "details",
        "reissue_certificates", "requester_id", "is_agent", "agent_name", "agent_email", "power_of_attorney",
        "agent_id",
    ]  # fmt: skip

    def agent_request(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("is_agent"))

    def clean(self):
        data = super().clean()
        if data.get("is_agent"):
            for field, message in (
                ("agent_name", _("Give the agent's name.")),
                ("agent_email", _("Give the agent's e-mail address.")),
                ("power_of_attorney", _("Attach the power of attorney.")),
                ("agent_id", _("Attach the agent's identity document.")),
            ):
                if not data.get(field) and field not in self.errors:
                    self.add_error(field, message)
        return data


class CorrectionRowForm(forms.Form):
    item = forms.ChoiceField(label=_("What"), choices=[("", "—"), *CorrectionItem.choices], required=False)
    value = forms.CharField(
        label=_("Correct value"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    delete = forms.BooleanField(label=_("Delete it instead"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("item") and not data.get("value", "").strip() and not data.get("delete"):
            self.add_error("value", _("Give the correct value, or tick “Delete it instead”."))
        if not data.get("item") and (data.get("value") or data.get("delete")):
            self.add_error("item", _("Choose what to correct."))
        return data


CorrectionFormSet = forms.formset_factory(CorrectionRowForm, extra=3, max_num=len(CorrectionItem.choices))


def correction_formset(*, data=None, kind: str | None = None):
    return CorrectionFormSet(data=data, prefix="correction")


def corrections_from(formset) -> list[dict]:
    return [
        {"item": row["item"], "value": row.get("value", ""), "delete": row.get("delete", False)}
        for row in formset.cleaned_data
        if row.get("item")
    ]


class DocumentUploadForm(forms.Form):
    """Another identity document, sent by the person after one was rejected."""

    role = forms.ChoiceField(label=_("Document"), choices=Role.choices)
    file = IdentityFileField(label=_("File"))

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:
            self.fields["role"].choices = [(role, Role(role).label) for role in roles]


# --- Staff --------------------------------------------------------------------------------


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any status")), *RequestStatus.choices],
                               required=False)  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *RequestKind.choices], required=False
    )
    assigned = forms.ChoiceField(
        label=_("Assigned"),
        choices=[("", _("Anyone")), ("me", _("To me")), ("none", _("Nobody"))],
        required=False,
    )
    due = forms.ChoiceField(
        label=_("Due"),
        choices=[("", _("Any time")), ("overdue", _("Overdue")), ("soon", _("Due within 3 days"))],
        required=False,
    )
    q = forms.CharField(label=_("Reference, name or e-mail"), max_length=200, required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_queryset


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    visible_to_requester = forms.BooleanField(label=_("Show it to the person"), required=False)


class DocumentRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it rejected? (the person is told)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("Say why the document is rejected; the person is told.")},
    )


class DecisionForm(forms.Form):
    COMPLETE = "complete"
    PARTIALLY_REFUSE = "partially_refuse"
    REFUSE = "refuse"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (COMPLETE, _("Complete: grant the request")),
            (PARTIALLY_REFUSE, _("Partially refuse: grant part, refuse the rest")),
            (REFUSE, _("Refuse")),
        ],
        widget=forms.RadioSelect,
    )
    refusal_reason = forms.ChoiceField(
        label=_("Reason for refusing"), choices=[("", "—"), *RefusalReason.choices], required=False
    )
    refusal_explanation = forms.CharField(
        label=_("Explanation for the person"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    reply = forms.CharField(
        label=_("Message to the person"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("Included in the e-mail and shown on the request page."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") in (self.PARTIALLY_REFUSE, self.REFUSE):
            if not data.get("refusal_reason"):
                self.add_error("refusal_reason", _("Choose the reason for the refusal from the list."))
            if not data.get("refusal_explanation", "").strip():
                self.add_error(
                    "refusal_explanation", _("Explain the refusal to the person; the law requires reasons.")
                )
        return data


class CorrectionApplyForm(forms.Form):
    """The requested corrections, with the values to apply; staff check and adjust them."""

    def __init__(self, *args, request, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in request.corrections:
            item = row["item"]
            if item == CorrectionItem.OTHER:
                continue
            label = CorrectionItem(item).label
            if item == CorrectionItem.ADDRESS:
                self.fields["address_delete"] = forms.BooleanField(
                    label=_("Delete every address in the address book"),
                    required=False,
                    initial=row.get("delete", False),
                )
                for field, field_label in (
                    ("postcode", _("Postcode")),
                    ("state", _("Prefecture")),
                    ("line4", _("City")),
                    ("line1", _("Address line 1")),
                    ("line2", _("Address line 2")),
                ):
                    self.fields[f"address_{field}"] = forms.CharField(label=field_label, required=False,
                                                                     max_length=255)  # fmt: skip
            else:
                self.fields[f"value_{item}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=254 if item == CorrectionItem.EMAIL else 255,
                    initial="" if row.get("delete") else row.get("value", ""),
                )
            self.rows.append(
                {"item": item, "label": label, "current": current.get(item, ""), "requested": row}
            )

    def clean(self):
        data = super().clean()
        if data.get("address_delete") and any(
            data.get(f"address_{field}") for field in ("postcode", "state", "line4", "line1", "line2")
        ):
            raise ValidationError(_("Either delete the addresses or give the corrected address, not both."))
        return data

    def values(self) -> dict[str, str]:
        return {
            name.removeprefix("value_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("value_")
        }

    def address(self) -> dict[str, str] | None:
        fields = {
            name.removeprefix("address_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("address_") and name != "address_delete"
        }
        return fields if any(fields.values()) else None

    def delete_addresses(self) -> bool:
        return bool(self.cleaned_data.get("address_delete"))
