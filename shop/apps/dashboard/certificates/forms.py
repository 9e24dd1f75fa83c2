import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from offsets.models import Certificate, CreditBatch, OffsetProject
from offsets.order_statuses import STATUS_AWAITING_RETIREMENT, STATUS_PAID, STATUS_RETIRED

Order = get_model("order", "Order")

AGE_CHOICES = [
    ("", _("Any age")),
    ("1", _("Older than 1 day")),
    ("7", _("Older than 7 days")),
    ("30", _("Older than 30 days")),
]


QUEUE_STATUS_CHOICES = [
    ("", _("Any status")),
    (STATUS_PAID, _("Paid")),
    (STATUS_AWAITING_RETIREMENT, _("Awaiting retirement")),
    (STATUS_RETIRED, _("Retired, awaiting certificate")),
]


class BatchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.project} – {obj.vintage} ({obj.serial_prefix})"


class QueueFilterForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=OffsetProject.objects.order_by("name"), required=False
    )
    batch = BatchChoiceField(
        label=_("Batch"),
        queryset=CreditBatch.objects.select_related("project").order_by("project__name", "vintage", "pk"),
        required=False,
    )
    age = forms.TypedChoiceField(
        label=_("Age"), choices=AGE_CHOICES, coerce=int, empty_value=None, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=QUEUE_STATUS_CHOICES, required=False)

    def filters(self) -> dict:
        """The queue selector's keyword arguments; invalid input filters nothing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        age = data.get("age")
        return {
            "project": data.get("project"),
            "batch": data.get("batch"),
            "placed_before": timezone.now() - datetime.timedelta(days=age) if age else None,
            "status": data.get("status") or None,
        }


class BulkIssueForm(forms.Form):
    orders = forms.ModelMultipleChoiceField(
        queryset=Order.objects.all(),
        error_messages={"required": _("Choose at least one order.")},
    )


class CertificateListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Certificate.Status.choices], required=False
    )
    q = forms.CharField(label=_("Certificate or order number"), max_length=64, required=False)


class RetirementForm(forms.Form):
    """One allocation's registry retirement, as read off the registry's notice."""

    allocation_id = forms.IntegerField(widget=forms.HiddenInput)
    record = forms.BooleanField(label=_("Record"), required=False, initial=True)
    registry_reference = forms.CharField(label=_("Registry reference"), max_length=100, required=False)
    retired_on = forms.DateField(
        label=_("Retired on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    serial_first = forms.IntegerField(label=_("First serial"), min_value=0)
    serial_last = forms.IntegerField(label=_("Last serial"), min_value=0)


RetirementFormSet = forms.formset_factory(RetirementForm, extra=0)


def retirement_formset(*, allocations, data=None) -> forms.BaseFormSet:
    """The retirement rows for the order's unretired allocations, prefilled with their serials."""
    today = timezone.localdate()
    initial = [
        {
            "allocation_id": allocation.pk,
            "record": True,
            "retired_on": today,
            "serial_first": allocation.serial_first,
            "serial_last": allocation.serial_last,
        }
        for allocation in allocations
    ]
    return RetirementFormSet(data=data, initial=initial, prefix="retire")


class ReissueForm(forms.Form):
    beneficiary_name = forms.CharField(
        label=_("Beneficiary name"), max_length=Certificate._meta.get_field("beneficiary_name").max_length
    )
    offset_purpose = forms.CharField(
        label=_("Purpose of the offset"),
        max_length=Certificate._meta.get_field("offset_purpose").max_length,
        required=False,
    )
    note = forms.CharField(
        label=_("Note (why it is reissued)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for revoking the certificate.")},
    )


class SubstituteBatchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(project)s – vintage %(vintage)s (%(prefix)s), %(tonnes)s t for sale") % {
            "project": obj.project,
            "vintage": obj.vintage,
            "prefix": obj.serial_prefix,
            "tonnes": obj.tonnes_for_sale,
        }


class SubstitutionForm(forms.Form):
    """Pick the batch of the same kind that delivers a line's missing tonnes."""

    batch = SubstituteBatchChoiceField(
        label=_("Substitute batch"),
        queryset=CreditBatch.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the batch to substitute from."),
            "invalid_choice": _("That batch is not of the same kind, or has too few tonnes for sale now."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = candidates


class SubstitutionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for cancelling.")},
    )
