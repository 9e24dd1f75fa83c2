"""Pages of privacy requests for the person (member or not), and the staff-only file views.

Views parse the request, call one service or selector and render; a request
the service refuses re-renders the form with the reasons and a 400.
"""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from common.http import client_network
from common.throttle import HourlyLimit, throttle_count, throttle_exceeded
from legal.privacy.requests.models import (
    DISCLOSURE_KINDS,
    DeliveryMethod,
    IdentityDocument,
    PrivacyRequest,
    RequestKind,
    RequestStatus,
)
from legal.staff import access_log

from . import selectors, services
from .forms import DocumentUploadForm, PublicRequestForm, RequestForm, correction_formset, corrections_from
from .links import reference_from_token
from .purposes import CONTINUING_PROCESSING, PURPOSES_OF_USE

FILES_PERMISSION = "legal.view_privacy_files"
EXPORT_FORMATS = {"json": "application/json", "pdf": "application/pdf"}


def _private_file_response(field, *, content_type: str, filename: str, attachment: bool) -> FileResponse:
    response = FileResponse(
        field.storage.open(field.name, "rb"),
        content_type=content_type,
        as_attachment=attachment,
        filename=filename,
    )
    # Never cached, never sniffed, never able to run script in our origin.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


# --- What the person sees (members and the signed link share it) ---------------------------


def export_available(request: PrivacyRequest) -> bool:
    """The person may download the disclosure: granted, electronic, prepared and not yet purged."""
    return (
        request.kind in DISCLOSURE_KINDS
        and request.delivery_method == DeliveryMethod.ELECTRONIC
        and request.status in (RequestStatus.COMPLETED, RequestStatus.PARTIALLY_REFUSED)
        and bool(request.export_json.name and request.export_pdf.name)
        and request.files_purged_at is None
    )


def person_context(request: PrivacyRequest, *, upload_form=None) -> dict:
    granted = request.status in (RequestStatus.COMPLETED, RequestStatus.PARTIALLY_REFUSED)
    roles = selectors.required_document_roles(request=request)
    can_upload = request.is_open and request.status in (
        RequestStatus.RECEIVED,
        RequestStatus.IDENTITY_PENDING,
    )
    return {
        "privacy_request": request,
        "timeline": selectors.timeline_for_requester(request=request),
        "documents": request.identity_documents.all(),
        "export_available": export_available(request),
        "purposes": PURPOSES_OF_USE if granted and request.kind == RequestKind.PURPOSES else (),
        "continuing": CONTINUING_PROCESSING
        if granted and request.kind in (RequestKind.CESSATION_OF_USE, RequestKind.CESSATION_OF_PROVISION)
        else (),
        "upload_form": upload_form or (DocumentUploadForm(roles=roles) if can_upload else None),
    }


def _upload(http_request, privacy_request: PrivacyRequest):
    """Take another identity document; return None when stored, or the form with its errors."""
    form = DocumentUploadForm(
        http_request.POST,
        http_request.FILES,
        roles=selectors.required_document_roles(request=privacy_request),
    )
    if form.is_valid():
        try:
            services.identity_document_add(
                request=privacy_request,
                role=form.cleaned_data["role"],
                upload=form.cleaned_data["file"],
                actor=http_request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(http_request, _("Thank you. We will check the document."))
            return None
    return form


def _export_download(http_request, privacy_request: PrivacyRequest, file_format: str):
    if file_format not in EXPORT_FORMATS or not export_available(privacy_request):
        raise Http404
    field = privacy_request.export_json if file_format == "json" else privacy_request.export_pdf
    services.disclosure_downloaded(request=privacy_request, actor=http_request.user, file_format=file_format)
    return _private_file_response(
        field,
        content_type=EXPORT_FORMATS[file_format],
        filename=f"{privacy_request.reference}.{file_format}",
        attachment=True,
    )


# --- Members: /accounts/privacy/requests/ ------------------------------------------------------


class MemberRequestListView(LoginRequiredMixin, View):
    template_name = "oscar/customer/privacy_requests/request_list.html"

    def get(self, request):
        return TemplateResponse(
            request,
            self.template_name,
            {
                "privacy_requests": selectors.requests_of_member(user=request.user),
                "page_title": _("Requests about my personal data"),
                "active_tab": "privacy_requests",
            },
        )


class MemberRequestCreateView(LoginRequiredMixin, View):
    template_name = "oscar/customer/privacy_requests/request_form.html"

    def get(self, request):
        return self.render(request, RequestForm(), correction_formset())

    def post(self, request):
        form = RequestForm(request.POST, request.FILES)
        corrections = correction_formset(data=request.POST)
        if form.is_valid() and corrections.is_valid():
            user = request.user
            try:
                privacy_request = services.privacy_request_submit(
                    kind=form.cleaned_data["kind"],
                    requester_name=user.get_full_name() or user.email,
                    requester_email=user.email,
                    requester_postal_address=form.cleaned_data["postal_address"],
                    delivery_method=form.cleaned_data["delivery_method"],
                    details=form.cleaned_data["details"],
                    corrections=corrections_from(corrections),
                    reissue_certificates=form.cleaned_data["reissue_certificates"],
                    documents=form.documents(),
                    user=user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("We received your request %(reference)s and e-mailed you a confirmation.")
                    % {"reference": privacy_request.reference},
                )
                return redirect("customer:privacy-request-detail", reference=privacy_request.reference)
        return self.render(request, form, corrections, status=400)

    def render(self, request, form, corrections, status=200):
        return TemplateResponse(
            request,
            self.template_name,
            {
                "form": form,
                "corrections": corrections,
                "page_title": _("New request about my personal data"),
                "active_tab": "privacy_requests",
            },
            status=status,
        )


class MemberRequestMixin(LoginRequiredMixin):
    def privacy_request(self, request, reference: str) -> PrivacyRequest:
        found = selectors.request_of_member(user=request.user, reference=reference)
        if found is None:
            raise Http404
        return found


class MemberRequestDetailView(MemberRequestMixin, View):
    template_name = "oscar/customer/privacy_requests/request_detail.html"

    def get(self, request, reference):
        return self.render(request, self.privacy_request(request, reference))

    def post(self, request, reference):
        """Another identity document."""
        privacy_request = self.privacy_request(request, reference)
        form = _upload(request, privacy_request)
        if form is None:
            return redirect("customer:privacy-request-detail", reference=reference)
        return self.render(request, privacy_request, upload_form=form, status=400)

    def render(self, request, privacy_request, upload_form=None, status=200):
        context = person_context(privacy_request, upload_form=upload_form)
        context.update(page_title=privacy_request.reference, active_tab="privacy_requests")
        return TemplateResponse(request, self.template_name, context, status=status)


class MemberRequestExportView(MemberRequestMixin, View):
    def get(self, request, reference, file_format):
        return _export_download(request, self.privacy_request(request, reference), file_format)


class MemberRequestWithdrawView(MemberRequestMixin, View):
    def post(self, request, reference):
        privacy_request = self.privacy_request(request, reference)
        try:
            services.privacy_request_withdraw(request=privacy_request, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request has been withdrawn."))
        return redirect("customer:privacy-request-detail", reference=reference)


# --- Anyone: /privacy/request/ ------------------------------------------------------------------


class PublicRequestView(View):
    """The request form for people without an account (or who prefer not to sign in).

    Throttled per IP address: every submission counts, accepted or not, so the
    form cannot be used to flood staff or the mail server.
    """

    template_name = "legal/privacy_requests/public_form.html"

    def get(self, request):
        return self.render(request, PublicRequestForm(), correction_formset())

    def post(self, request):
        per_ip = settings.PRIVACY_REQUEST_PUBLIC_PER_HOUR
        limits = [HourlyLimit(f"privacy-request-public:ip:{client_network(request)}", per_ip)]
        if throttle_exceeded(limits=limits):
            return TemplateResponse(request, "legal/privacy_requests/throttled.html", status=429)
        throttle_count(limits=limits)
        form = PublicRequestForm(request.POST, request.FILES)
        corrections = correction_formset(data=request.POST)
        if form.is_valid() and corrections.is_valid():
            data = form.cleaned_data
            try:
                privacy_request = services.privacy_request_submit(
                    kind=data["kind"],
                    requester_name=data["requester_name"],
                    requester_email=data["requester_email"],
                    requester_postal_address=data["postal_address"],
                    delivery_method=data["delivery_method"],
                    details=data["details"],
                    corrections=corrections_from(corrections),
                    reissue_certificates=data["reissue_certificates"],
                    is_agent=data["is_agent"],
                    agent_name=data["agent_name"],
                    agent_email=data["agent_email"],
                    documents=form.documents(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session["privacy_request_received"] = privacy_request.reference
                return redirect("privacy_requests:public-received")
        return self.render(request, form, corrections, status=400)

    def render(self, request, form, corrections, status=200):
        return TemplateResponse(
            request, self.template_name, {"form": form, "corrections": corrections}, status=status
        )


def public_received(request):
    reference = request.session.get("privacy_request_received")
    if not reference:
        return redirect("privacy_requests:public-form")
    return TemplateResponse(request, "legal/privacy_requests/public_received.html", {"reference": reference})


class TokenRequestMixin:
    def privacy_request(self, token: str) -> PrivacyRequest:
        reference = reference_from_token(token)
        if reference is None:
            raise Http404(_("This link is not valid or has expired."))
        return get_object_or_404(PrivacyRequest, reference=reference, requester__isnull=True)


class TokenRequestStatusView(TokenRequestMixin, View):
    """The signed link from the e-mails: status, timeline, another document, the disclosure."""

    template_name = "legal/privacy_requests/status.html"

    def get(self, request, token):
        return self.render(request, token, self.privacy_request(token))

    def post(self, request, token):
        privacy_request = self.privacy_request(token)
        form = _upload(request, privacy_request)
        if form is None:
            return redirect("privacy_requests:status", token=token)
        return self.render(request, token, privacy_request, upload_form=form, status=400)

    def render(self, request, token, privacy_request, upload_form=None, status=200):
        context = person_context(privacy_request, upload_form=upload_form)
        context["token"] = token
        return TemplateResponse(request, self.template_name, context, status=status)


class TokenRequestExportView(TokenRequestMixin, View):
    def get(self, request, token, file_format):
        return _export_download(request, self.privacy_request(token), file_format)


# --- Staff only: the private files ---------------------------------------------------------------


def _staff_may_see_files(user) -> bool:
    return user.is_authenticated and user.is_staff and user.has_perm(FILES_PERMISSION)


def identity_document_file(request, pk: int) -> HttpResponse:
    """Stream an identity document to staff with permission; anyone else gets 404 (no hint it exists)."""
    if not _staff_may_see_files(request.user):
        raise Http404
    document = get_object_or_404(
        IdentityDocument.objects.select_related("request"), pk=pk, purged_at__isnull=True
    )
    if not document.file.name:
        raise Http404
    privacy_request = document.request
    access_log.staff_access_record(
        staff=request.user,
        action="view_identity_document",
        subject_user=privacy_request.requester,
        subject_email=privacy_request.requester_email,
        target=f"{privacy_request.reference}:{document.role}:{document.pk}",
        request=request,
    )
    extension = mimetypes.guess_extension(document.content_type) or ""
    return _private_file_response(
        document.file,
        content_type=document.content_type,
        filename=f"{privacy_request.reference}-{document.role}{extension}",
        # Images open in the browser; a PDF is downloaded (a sandboxed page cannot run the PDF viewer).
        attachment=document.content_type == "application/pdf",
    )


def disclosure_file(request, reference: str, file_format: str) -> HttpResponse:
    """The prepared disclosure, for staff with permission (paper delivery: print and post it)."""
    if not _staff_may_see_files(request.user):
        raise Http404
    privacy_request = get_object_or_404(PrivacyRequest, reference=reference)
    field = {"json": privacy_request.export_json, "pdf": privacy_request.export_pdf}.get(file_format)
    if field is None or not field.name:
        raise Http404
    access_log.staff_access_record(
        staff=request.user,
        action="view_export",
        subject_user=privacy_request.requester,
        subject_email=privacy_request.requester_email,
        target=f"{privacy_request.reference}:{file_format}",
        request=request,
    )
    services.disclosure_downloaded(request=privacy_request, actor=request.user, file_format=file_format)
    return _private_file_response(
        field,
        content_type=EXPORT_FORMATS[file_format],
        filename=f"{privacy_request.reference}.{file_format}",
        attachment=True,
    )
