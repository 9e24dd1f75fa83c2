"""Privacy requests dashboard: each view parses the request, calls one service or selector, renders.

Writes are POSTs to their own URLs (each demands its own permission) and end
in a redirect with a message; input a form or service refuses re-renders the
request's page with the reasons and a 400, never a server error.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from legal.privacy.requests import selectors, services
from legal.privacy.requests.forms import (
    AssignForm,
    CorrectionApplyForm,
    DecisionForm,
    DocumentRejectForm,
    NoteForm,
    StaffFilterForm,
)
from legal.privacy.requests.models import (
    DISCLOSURE_KINDS,
    DeliveryMethod,
    IdentityDocument,
    PrivacyRequest,
    RequestKind,
)
from legal.staff.groups import PRIVACY_OFFICERS_GROUP


def privacy_staff():
    """Staff who may be assigned a request: the privacy officers (and superusers)."""
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .filter(Q(groups__name=PRIVACY_OFFICERS_GROUP) | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class PrivacyRequestListView(ListView):
    template_name = "oscar/dashboard/privacy_requests/request_list.html"
    context_object_name = "privacy_requests"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = StaffFilterForm(self.request.GET or None)
        if not self.filter_form.is_valid():
            return selectors.staff_request_list()
        data = self.filter_form.cleaned_data
        return selectors.staff_request_list(
            status=data["status"] or None,
            kind=data["kind"] or None,
            assigned_to=self.request.user if data["assigned"] == "me" else None,
            unassigned=data["assigned"] == "none",
            overdue=data["due"] == "overdue",
            due_soon=data["due"] == "soon",
            search=data["q"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form, counts=selectors.request_counts(), today=timezone.localdate()
        )
        return context


class RequestPage:
    """The request's page, shown as is or with a refused form and its reasons."""

    template_name = "oscar/dashboard/privacy_requests/request_detail.html"

    def privacy_request_get(self, reference: str) -> PrivacyRequest:
        return get_object_or_404(
            PrivacyRequest.objects.select_related("requester", "assigned_to"), reference=reference
        )

    def render_page(self, privacy_request, *, status=200, **forms):
        documents = list(privacy_request.identity_documents.select_related("verified_by"))
        for document in documents:
            document.reject_form = forms.pop(f"reject_{document.pk}", None) or DocumentRejectForm(
                prefix=f"reject-{document.pk}"
            )
        context = {
            "privacy_request": privacy_request,
            "events": privacy_request.events.select_related("actor"),
            "documents": documents,
            "required_roles": [
                IdentityDocument.Role(role).label
                for role in selectors.required_document_roles(request=privacy_request)
            ],
            "identity_confirmed": selectors.identity_confirmed(request=privacy_request),
            "is_disclosure": privacy_request.kind in DISCLOSURE_KINDS,
            "is_paper": privacy_request.delivery_method == DeliveryMethod.PAPER,
            "is_correction": privacy_request.kind == RequestKind.CORRECTION,
            "is_overdue": privacy_request.is_overdue(),
            "assign_form": forms.pop("assign_form", None)
            or AssignForm(staff_queryset=privacy_staff(), initial={"assignee": privacy_request.assigned_to}),
            "note_form": forms.pop("note_form", None) or NoteForm(),
            "decision_form": forms.pop("decision_form", None) or DecisionForm(),
            "errors": forms.pop("errors", ()),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def refused(self, privacy_request, error: ValidationError, **forms):
        return self.render_page(privacy_request, status=400, errors=error.messages, **forms)


class PrivacyRequestDetailView(RequestPage, View):
    def get(self, request, reference):
        return self.render_page(self.privacy_request_get(reference))


def _done(request, privacy_request, message: str):
    messages.success(request, message)
    return redirect("dashboard:privacy-request-detail", reference=privacy_request.reference)


class AssignView(RequestPage, View):
    def post(self, request, reference):
        privacy_request = self.privacy_request_get(reference)
        if request.POST.get("to_me"):
            assignee = request.user
        else:
            form = AssignForm(request.POST, staff_queryset=privacy_staff())
            if not form.is_valid():
                return self.render_page(privacy_request, status=400, assign_form=form)
            assignee = form.cleaned_data["assignee"]
        try:
            services.privacy_request_assign(request=privacy_request, assignee=assignee, staff=request.user)
        except ValidationError as error:
            return self.refused(privacy_request, error)
        return _done(request, privacy_request, _("Assignment saved."))


class NoteView(RequestPage, View):
    def post(self, request, reference):
        privacy_request = self.privacy_request_get(reference)
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.render_page(privacy_request, status=400, note_form=form)
        services.privacy_request_note(
            request=privacy_request,
            staff=request.user,
            note=form.cleaned_data["note"],
            visible_to_requester=form.cleaned_data["visible_to_requester"],
        )
        return _done(request, privacy_request, _("Note added."))


class DocumentActionView(RequestPage, View):
    def document_get(self, privacy_request, pk: int) -> IdentityDocument:
        document = privacy_request.identity_documents.filter(pk=pk).first()
        if document is None:
            raise Http404
        return document


class DocumentVerifyView(DocumentActionView):
    def post(self, request, reference, pk):
        privacy_request = self.privacy_request_get(reference)
        try:
            services.identity_document_verify(
                document=self.document_get(privacy_request, pk), staff=request.user
            )
        except ValidationError as error:
            return self.refused(privacy_request, error)
        return _done(request, privacy_request, _("Document marked as verified."))


class DocumentRejectView(DocumentActionView):
    def post(self, request, reference, pk):
        privacy_request = self.privacy_request_get(reference)
        document = self.document_get(privacy_request, pk)
        form = DocumentRejectForm(request.POST, prefix=f"reject-{document.pk}")
        if not form.is_valid():
            return self.render_page(privacy_request, status=400, **{f"reject_{document.pk}": form})
        try:
            services.identity_document_reject(
                document=document, staff=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            return self.refused(privacy_request, error)
        return _done(request, privacy_request, _("Document rejected; the person has been told why."))


class ExportPrepareView(RequestPage, View):
    def post(self, request, reference):
        privacy_request = self.privacy_request_get(reference)
        try:
            services.disclosure_prepare(request=privacy_request, staff=request.user)
        except ValidationError as error:
            return self.refused(privacy_request, error)
        return _done(request, privacy_request, _("The disclosure has been prepared."))


class PostedView(RequestPage, View):
    def post(self, request, reference):
        privacy_request = self.privacy_request_get(reference)
        try:
            services.disclosure_mark_posted(request=privacy_request, staff=request.user)
        except ValidationError as error:
            return self.refused(privacy_request, error)
        return _done(request, privacy_request, _("The disclosure is recorded as posted."))


class DecideView(RequestPage, View):
    def post(self, request, reference):
        privacy_request = self.privacy_request_get(reference)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.render_page(privacy_request, status=400, decision_form=form)
        data = form.cleaned_data
        try:
            if data["decision"] == DecisionForm.COMPLETE:
                services.privacy_request_complete(
                    request=privacy_request, staff=request.user, reply=data["reply"]
                )
            else:
                services.privacy_request_refuse(
                    request=privacy_request,
                    staff=request.user,
                    reason=data["refusal_reason"],
                    explanation=data["refusal_explanation"],
                    partial=data["decision"] == DecisionForm.PARTIALLY_REFUSE,
                    reply=data["reply"],
                )
        except ValidationError as error:
            return self.refused(privacy_request, error, decision_form=form)
        return _done(request, privacy_request, _("Decision recorded; the person has been e-mailed."))


class CorrectionView(RequestPage, View):
    """Requested corrections beside what the shop holds now; staff apply them in one go."""

    correction_template = "oscar/dashboard/privacy_requests/correction.html"

    def form(self, privacy_request, data=None):
        if privacy_request.kind != RequestKind.CORRECTION:
            raise Http404
        current = selectors.correction_current_values(request=privacy_request)
        return CorrectionApplyForm(data, request=privacy_request, current=current)

    def render_form(self, privacy_request, form, status=200, errors=()):
        context = {
            "privacy_request": privacy_request,
            "form": form,
            "certificates": selectors.live_certificates_of(request=privacy_request),
            "errors": errors,
        }
        return TemplateResponse(self.request, self.correction_template, context, status=status)

    def get(self, request, reference):
        privacy_request = self.privacy_request_get(reference)
        return self.render_form(privacy_request, self.form(privacy_request))

    def post(self, request, reference):
        privacy_request = self.privacy_request_get(reference)
        form = self.form(privacy_request, request.POST)
        if not form.is_valid():
            return self.render_form(privacy_request, form, status=400)
        try:
            changes = services.correction_apply(
                request=privacy_request,
                staff=request.user,
                values=form.values(),
                address=form.address(),
                delete_addresses=form.delete_addresses(),
            )
        except ValidationError as error:
            return self.render_form(privacy_request, form, status=400, errors=error.messages)
        return _done(
            request, privacy_request, _("Correction applied: %(changes)s") % {"changes": "; ".join(changes)}
        )
