"""Substituting credits of the same kind for an order line its batch could not deliver (never a refund).

Staff open a line without serials, pick a batch the same-kind rule offers, and schedule the
substitution (the customer is told first); the order's certificate page lists it with "carry
out now" (once the notice period is over) and "cancel". Refusals come back as messages on the
order page, never as a server error.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from oscar.core.loading import get_model

from offsets import selectors, services
from offsets.exceptions import SubstitutionRefused
from offsets.models import Substitution

from .forms import SubstitutionCancelForm, SubstitutionForm
from .views import OrderCertificatesPage

Line = get_model("order", "Line")


class SubstitutionScheduleView(View):
    """The candidate batches for one line's missing tonnes; POST schedules the chosen one."""

    template_name = "oscar/dashboard/certificates/substitution.html"

    def line_get(self, number: str, line_id: int):
        line = (
            Line.objects.select_related("order", "product__credit_batch__project")
            .filter(order__number=number, pk=line_id, product__credit_batch__isnull=False)
            .first()
        )
        if line is None:
            raise Http404(_("Order %(number)s has no such line of credits.") % {"number": number})
        return line

    def render_page(self, line, form, tonnes: int, *, status: int = 200):
        context = {"order": line.order, "line": line, "batch": line.product.credit_batch, "tonnes": tonnes,
                   "form": form, "notice_days": settings.SUBSTITUTION_NOTICE_DAYS}  # fmt: skip
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, number, line_id):
        line = self.line_get(number, line_id)
        tonnes = selectors.line_tonnes_to_substitute(line=line)
        if tonnes <= 0:
            messages.info(request, _("%(line)s needs no substitution.") % {"line": line.title})
            return redirect("dashboard:certificate-order", number=number)
        candidates = selectors.substitute_batches(batch=line.product.credit_batch, tonnes=tonnes)
        return self.render_page(line, SubstitutionForm(candidates=candidates), tonnes)

    def post(self, request, number, line_id):
        line = self.line_get(number, line_id)
        tonnes = selectors.line_tonnes_to_substitute(line=line)
        candidates = selectors.substitute_batches(batch=line.product.credit_batch, tonnes=max(tonnes, 1))
        form = SubstitutionForm(request.POST, candidates=candidates)
        if not form.is_valid():
            return self.render_page(line, form, tonnes, status=400)
        try:
            substitution = services.substitution_schedule(
                order_line=line, substitute_batch=form.cleaned_data["batch"], scheduled_by=request.user
            )
        except SubstitutionRefused as refusal:
            messages.error(request, refusal.reason)
            return redirect("dashboard:certificate-order", number=number)
        messages.success(
            request,
            _("Substitution scheduled from %(due)s; the customer is being told by e-mail.")
            % {"due": f"{timezone.localtime(substitution.due_at):%Y-%m-%d %H:%M}"},
        )
        return redirect("dashboard:certificate-order", number=number)


class SubstitutionCarryOutView(View):
    """Carry out a scheduled substitution now that the customer was told and the notice period is over."""

    def post(self, request, pk):
        substitution = get_object_or_404(Substitution.objects.select_related("order_line__order"), pk=pk)
        number = substitution.order_line.order.number
        try:
            services.substitution_carry_out(substitution_id=substitution.pk, carried_out_by=request.user)
        except SubstitutionRefused as refusal:
            messages.error(request, refusal.reason)
            return redirect("dashboard:certificate-order", number=number)
        messages.success(
            request, _("The substitute serials are allocated to order %(number)s.") % {"number": number}
        )
        return redirect("dashboard:certificate-order", number=number)


class SubstitutionCancelView(OrderCertificatesPage, View):
    """Cancel a scheduled substitution before it happens, with a reason."""

    def post(self, request, pk):
        substitution = get_object_or_404(Substitution.objects.select_related("order_line__order"), pk=pk)
        number = substitution.order_line.order.number
        form = SubstitutionCancelForm(request.POST, prefix=f"cancel-{substitution.pk}")
        if not form.is_valid():
            errors = [str(error) for errors in form.errors.values() for error in errors]
            return self.render_page(self.order_get(number), status=400, errors=errors)
        try:
            services.substitution_cancel(
                substitution_id=substitution.pk, cancelled_by=request.user, reason=form.cleaned_data["reason"]
            )
        except SubstitutionRefused as refusal:
            messages.error(request, refusal.reason)
            return redirect("dashboard:certificate-order", number=number)
        messages.success(request, _("The substitution is cancelled."))
        return redirect("dashboard:certificate-order", number=number)
