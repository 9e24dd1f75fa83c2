"""Certificates dashboard: each view parses the request, calls one service or selector, renders.

Writes are POSTs to their own URLs (so each can demand its own permission) and end in a
redirect with a message; input the service refuses re-renders the order page with the
reasons and a 400, never a server error.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, ListView
from oscar.core.loading import get_model

from legal.processors.exceptions import ProvisionRefused
from legal.staff.access_log import staff_access_record
from legal.staff.models import AccessAction
from offsets import selectors, services
from offsets.exceptions import CertificateRefused
from offsets.models import Certificate, CertificateBulkRun

from .forms import (
    BulkIssueForm,
    CertificateListFilterForm,
    QueueFilterForm,
    ReissueForm,
    RevokeForm,
    retirement_formset,
)

Order = get_model("order", "Order")


class CertificateQueueView(ListView):
    """Paid orders waiting for their registry retirement or their certificate."""

    template_name = "oscar/dashboard/certificates/queue.html"
    context_object_name = "orders"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = QueueFilterForm(self.request.GET or None)
        return selectors.certificate_queue(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for order in context["orders"]:
            order.age_days = (today - timezone.localdate(order.date_placed)).days
        context.update(filter_form=self.filter_form, counts=selectors.certificate_queue_counts())
        _record_list_access(self.request, "certificate queue", [order.number for order in context["orders"]])
        return context


class CertificateBulkIssueView(View):
    """Issue the certificates of the orders ticked in the queue, in the background."""

    def post(self, request):
        form = BulkIssueForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("orders", []):
                messages.error(request, error)
            return redirect("dashboard:certificate-queue")
        try:
            run = services.certificates_bulk_start(
                order_ids=[order.pk for order in form.cleaned_data["orders"]], requested_by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("dashboard:certificate-queue")
        messages.success(
            request,
            ngettext(
                "Issuing the certificate of %(count)s order.",
                "Issuing the certificates of %(count)s orders.",
                run.total,
            )
            % {"count": run.total},
        )
        return redirect("dashboard:certificate-run", pk=run.pk)


class CertificateListView(ListView):
    """Every certificate, newest first; filter by status, search by certificate or order number."""

    template_name = "oscar/dashboard/certificates/certificate_list.html"
    context_object_name = "certificates"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = CertificateListFilterForm(self.request.GET or None)
        if not self.filter_form.is_valid():
            return selectors.certificate_list()
        data = self.filter_form.cleaned_data
        return selectors.certificate_list(status=data["status"] or None, search=data["q"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        _record_list_access(
            self.request, "certificate list", [certificate.number for certificate in context["certificates"]]
        )
        return context


def _record_list_access(request, page: str, shown: list[str]) -> None:
    """A list shows many buyers' names and e-mails at once: one log entry per page shown, naming the rows."""
    if shown:
        staff_access_record(
            staff=request.user,
            action=AccessAction.VIEW_ORDER_LIST,
            target=f"{page}: {', '.join(shown)}",
            request=request,
        )


class OrderCertificatesPage:
    """The order's certificate page, shown as is or with a refused form and its reasons."""

    template_name = "oscar/dashboard/certificates/order.html"

    def order_get(self, number: str):
        try:
            return selectors.order_for_certificates(number=number)
        except Order.DoesNotExist:
            raise Http404(_("There is no order %(number)s.") % {"number": number}) from None

    def render_page(
        self, order, *, status=200, retirements=None, certificate_forms=None, errors=(), handed_over=None
    ):
        certificate_forms = certificate_forms or {}
        certificates = selectors.order_certificates(order=order)
        emails = selectors.certificate_emails(certificates=certificates)
        certificate_rows = []
        for certificate in certificates:
            refused = certificate_forms.get(certificate.pk, {})
            certificate_rows.append(
                {
                    "certificate": certificate,
                    "email": emails.get(certificate.number),
                    "reissue_form": refused.get("reissue")
                    or ReissueForm(
                        prefix=f"reissue-{certificate.pk}",
                        initial={
                            "beneficiary_name": certificate.beneficiary_name,
                            "offset_purpose": certificate.offset_purpose,
                        },
                    ),
                    "revoke_form": refused.get("revoke") or RevokeForm(prefix=f"revoke-{certificate.pk}"),
                }
            )
        if retirements is None:
            retirements = retirement_formset(allocations=selectors.unretired_allocations(order=order))
        allocations = selectors.order_allocations_by_pk(order=order)
        context = {
            "order": order,
            "retirement_formset": retirements,
            "retirement_rows": [
                (form, allocations.get(_as_int(form["allocation_id"].value()))) for form in retirements.forms
            ],
            "certificate_rows": certificate_rows,
            "has_live_certificate": any(certificate.is_live for certificate in certificates),
            "events": selectors.order_certificate_events(order=order),
            "substitutions": selectors.order_substitutions(order=order),
            "lines_to_substitute": selectors.order_lines_to_substitute(order=order),
            "errors": errors,
            "handed_over": handed_over,
            "registry_consent_missing": _registry_consent_missing(order),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)


def _registry_consent_missing(order) -> list[str]:
    """The registry operators the order needs that its consent lacks (none when none can be asked)."""
    try:
        return [snapshot["name"] for snapshot in services.registry_consent_missing(order=order)]
    except ProvisionRefused:
        return []


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class OrderCertificatesView(OrderCertificatesPage, View):
    def get(self, request, number):
        order = self.order_get(number)
        response = self.render_page(order)
        staff_access_record(
            staff=request.user,
            action=AccessAction.VIEW_ORDER,
            subject_user=order.user,
            subject_email=order.email or "",
            target=f"order {order.number} (certificates)",
            request=request,
        )
        return response


class RetirementRecordView(OrderCertificatesPage, View):
    """Record the registry's retirement of the order's serials."""

    def post(self, request, number):
        order = self.order_get(number)
        formset = retirement_formset(
            allocations=selectors.unretired_allocations(order=order), data=request.POST
        )
        if not formset.is_valid():
            errors = [_("Check the retirement rows: every field needs a valid value.")]
            errors += [str(error) for error in formset.non_form_errors()]
            return self.render_page(order, status=400, retirements=formset, errors=errors)
        entries = [
            services.RetirementEntry(
                allocation_id=row["allocation_id"],
                registry_reference=row["registry_reference"],
                retired_on=row["retired_on"],
                serial_first=row["serial_first"],
                serial_last=row["serial_last"],
            )
            for row in formset.cleaned_data
            if row.get("record")
        ]
        try:
            retirements = services.order_retirement_record(
                order=order, entries=entries, recorded_by=request.user
            )
        except ValidationError as error:
            return self.render_page(order, status=400, retirements=formset, errors=error.messages)
        messages.success(
            request,
            ngettext(
                "Recorded %(count)s registry retirement for order %(number)s.",
                "Recorded %(count)s registry retirements for order %(number)s.",
                len(retirements),
            )
            % {"count": len(retirements), "number": order.number},
        )
        return redirect("dashboard:certificate-order", number=order.number)


class BeneficiaryHandOverView(OrderCertificatesPage, View):
    """Hand the beneficiary name to the registry operator, and show staff what to enter at the registry.

    The name is shown only in this response, after the gateway recorded the
    hand-over (a third-party provision record, legal basis "consent"); a
    refusal is shown with its reason.
    """

    def post(self, request, number, allocation_id):
        order = self.order_get(number)
        try:
            handed = services.beneficiary_hand_over_to_registry(
                order=order, allocation_id=allocation_id, staff=request.user
            )
        except ProvisionRefused as refused:
            return self.render_page(
                order,
                status=409,
                errors=[
                    _("The beneficiary name was not handed over: %(reason)s") % {"reason": refused.reason}
                ],
            )
        return self.render_page(order, handed_over={"allocation_id": allocation_id, "hand_over": handed})


class RegistryConsentRequestView(OrderCertificatesPage, View):
    """E-mail the customer a link to consent to the registry operators the order lacks consent to."""

    def post(self, request, number):
        order = self.order_get(number)
        try:
            message = services.registry_consent_request(order=order, staff=request.user)
        except ProvisionRefused as refused:
            return self.render_page(
                order,
                status=409,
                errors=[_("No consent request was sent: %(reason)s") % {"reason": refused.reason}],
            )
        messages.success(
            request, _("The consent request is on its way to %(email)s.") % {"email": message.recipient}
        )
        return redirect("dashboard:certificate-order", number=order.number)


class CertificateIssueView(View):
    """Issue the order's certificate (built in the background)."""

    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        try:
            certificate = services.certificate_issue(order=order, requested_by=request.user)
        except CertificateRefused as refusal:
            messages.error(request, refusal.reason)
            return redirect("dashboard:certificate-order", number=order.number)
        _report_issuance(request, certificate)
        return redirect("dashboard:certificate-order", number=order.number)


def _report_issuance(request, certificate: Certificate) -> None:
    certificate.refresh_from_db()
    if certificate.status == Certificate.Status.VALID:
        messages.success(request, _("Certificate %(number)s is issued.") % {"number": certificate.number})
    elif certificate.waiting_reason:
        messages.warning(
            request,
            _("Certificate %(number)s is waiting: %(reason)s")
            % {"number": certificate.number, "reason": certificate.waiting_reason},
        )
    else:
        messages.info(request, _("Certificate %(number)s is being issued.") % {"number": certificate.number})


class CertificateChangeView(OrderCertificatesPage, View):
    """A POST about one certificate, answered on its order's page."""

    def certificate_get(self, pk: int) -> Certificate:
        return get_object_or_404(Certificate.objects.select_related("order"), pk=pk)

    def refused(self, certificate: Certificate, form_name: str, form, errors):
        order = self.order_get(certificate.order.number)
        return self.render_page(
            order, status=400, certificate_forms={certificate.pk: {form_name: form}}, errors=errors
        )


def _form_errors(form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


class CertificateReissueView(CertificateChangeView):
    """Supersede a valid certificate with a corrected one."""

    def post(self, request, pk):
        certificate = self.certificate_get(pk)
        form = ReissueForm(request.POST, prefix=f"reissue-{certificate.pk}")
        if not form.is_valid():
            return self.refused(certificate, "reissue", form, _form_errors(form))
        try:
            replacement = services.certificate_reissue(
                certificate=certificate,
                beneficiary_name=form.cleaned_data["beneficiary_name"],
                offset_purpose=form.cleaned_data["offset_purpose"],
                requested_by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            return self.refused(certificate, "reissue", form, error.messages)
        except CertificateRefused as refusal:
            messages.error(request, refusal.reason)
            return redirect("dashboard:certificate-order", number=certificate.order.number)
        messages.success(
            request,
            _("%(old)s is superseded by %(new)s.") % {"old": certificate.number, "new": replacement.number},
        )
        _report_issuance(request, replacement)
        return redirect("dashboard:certificate-order", number=certificate.order.number)


class CertificateRevokeView(CertificateChangeView):
    """Revoke a certificate, with a reason."""

    def post(self, request, pk):
        certificate = self.certificate_get(pk)
        form = RevokeForm(request.POST, prefix=f"revoke-{certificate.pk}")
        if not form.is_valid():
            return self.refused(certificate, "revoke", form, _form_errors(form))
        try:
            services.certificate_revoke(
                certificate=certificate, reason=form.cleaned_data["reason"], revoked_by=request.user
            )
        except ValidationError as error:
            return self.refused(certificate, "revoke", form, error.messages)
        messages.success(request, _("Certificate %(number)s is revoked.") % {"number": certificate.number})
        return redirect("dashboard:certificate-order", number=certificate.order.number)


class BulkRunView(DetailView):
    """A bulk issuance's progress; the page reloads itself until the run is done."""

    model = CertificateBulkRun
    template_name = "oscar/dashboard/certificates/run.html"
    context_object_name = "run"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refreshing"] = self.object.status != CertificateBulkRun.Status.DONE
        return context


class BulkRunProgressView(View):
    def get(self, request, pk):
        run = get_object_or_404(CertificateBulkRun, pk=pk)
        return JsonResponse(
            {
                "status": run.status,
                "done": run.status == CertificateBulkRun.Status.DONE,
                "total": run.total,
                "issued": run.issued,
                "refused": run.refused,
                "processed": run.processed,
                "percent": run.percent,
                "problems": run.problems,
            }
        )
