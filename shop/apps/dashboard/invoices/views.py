"""Invoices dashboard: each view parses the request, calls one service or selector, renders."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from legal.staff.access_log import staff_access_record
from legal.staff.models import AccessAction
from shop.invoices import pdf, selectors, services
from shop.invoices.exceptions import InvoiceRefused
from shop.invoices.models import Invoice
from shop.invoices.views import _pdf_response

from .forms import InvoiceCorrectForm, InvoiceSearchForm


class InvoiceListView(ListView):
    """Every invoice, newest first; a search the form refuses answers 400 with its reasons."""

    template_name = "oscar/dashboard/invoices/invoice_list.html"
    context_object_name = "invoices"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        self.search_form = InvoiceSearchForm(request.GET or None)
        response = super().get(request, *args, **kwargs)
        if self.search_form.is_bound and not self.search_form.is_valid():
            response.status_code = 400
        return response

    def get_queryset(self):
        if not self.search_form.is_bound or not self.search_form.is_valid():
            return selectors.invoice_search() if not self.search_form.is_bound else Invoice.objects.none()
        return selectors.invoice_search(**self.search_form.cleaned_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search_form"] = self.search_form
        shown = [invoice.number for invoice in context["invoices"]]
        if shown:  # a list shows many buyers' names at once: one audit entry naming the rows shown
            staff_access_record(
                staff=self.request.user,
                action=AccessAction.VIEW_ORDER_LIST,
                target=f"invoice list: {', '.join(shown)}",
                request=self.request,
            )
        return context


def _access_record(request, invoice: Invoice) -> None:
    """An invoice names its buyer: staff opening one is an access to audit."""
    staff_access_record(
        staff=request.user,
        action=AccessAction.VIEW_ORDER,
        subject_user=invoice.order.user,
        subject_email=invoice.order.email or "",
        target=f"invoice {invoice.number} (order {invoice.order.number})",
        request=request,
    )


class InvoiceDetailView(View):
    template_name = "oscar/dashboard/invoices/invoice_detail.html"

    def get(self, request, pk: int):
        invoice = get_object_or_404(Invoice.objects.select_related("order", "order__user", "replaces"), pk=pk)
        _access_record(request, invoice)
        return self.page(
            request, invoice, InvoiceCorrectForm(initial={"recipient_name": invoice.recipient_name})
        )

    def page(self, request, invoice, form, status: int = 200):
        context = {
            "invoice": invoice,
            "form": form,
            "replaced_by": Invoice.objects.filter(replaces=invoice).first(),
            "order_invoices": Invoice.objects.filter(order_id=invoice.order_id).order_by("sequence"),
        }
        return TemplateResponse(request, self.template_name, context, status=status)


class InvoicePdfView(View):
    def get(self, request, pk: int):
        invoice = get_object_or_404(Invoice.objects.select_related("order", "order__user"), pk=pk)
        _access_record(request, invoice)
        return _pdf_response(pdf.invoice_pdf(invoice.content), f"{invoice.number}.pdf")


class InvoiceCorrectView(View):
    def post(self, request, pk: int):
        invoice = get_object_or_404(Invoice.objects.select_related("order", "replaces"), pk=pk)
        form = InvoiceCorrectForm(request.POST)
        detail = InvoiceDetailView()
        if not form.is_valid():
            return detail.page(request, invoice, form, status=400)
        try:
            corrected = services.invoice_correct(
                invoice=invoice,
                recipient_name=form.cleaned_data["recipient_name"],
                reason=form.cleaned_data["reason"],
            )
        except InvoiceRefused as refused:
            form.add_error(None, str(refused))
            return detail.page(request, invoice, form, status=400)
        messages.success(
            request,
            _("Invoice %(new)s issued; it replaces %(old)s.")
            % {"new": corrected.number, "old": invoice.number},
        )
        return redirect("dashboard:invoice-detail", pk=corrected.pk)
