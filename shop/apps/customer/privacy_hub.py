"""The member's privacy page (/accounts/privacy/): their data, their requests, their settings.

It gathers what the privacy policy promises members in one place, and lets them
show or hide each order's beneficiary name and purpose on the public
verification page at any time.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST
from oscar.core.loading import get_class, get_model

from legal.cookies.consent import consent_read
from legal.cookies.inventory import CookieCategory
from legal.privacy.requests import selectors as request_selectors
from offsets import services as offsets_services

PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")
Order = get_model("order", "Order")
CompanyPurchaseDefaults = get_model("order", "CompanyPurchaseDefaults")

RECENT_REQUESTS = 5
VISIBILITY_CHOICES = {"show": True, "hide": False}


def _member_orders_with_beneficiary(user):
    return Order.objects.filter(user=user).exclude(beneficiary_name="").order_by("-date_placed")


class PrivacyHubView(PageTitleMixin, generic.TemplateView):
    template_name = "oscar/customer/privacy/hub.html"
    page_title = gettext_lazy("Privacy")
    active_tab = "privacy_hub"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consent = consent_read(request=self.request)
        context.update(
            privacy_requests=request_selectors.requests_of_member(user=self.request.user)[:RECENT_REQUESTS],
            cookie_choice_made=consent is not None,
            cookie_categories=[
                (label, consent is not None and consent.allows(value))
                for value, label in CookieCategory.choices
                if value != CookieCategory.NECESSARY
            ],
            orders=_member_orders_with_beneficiary(self.request.user),
            company_defaults=CompanyPurchaseDefaults.objects.filter(user=self.request.user).first(),
        )
        return context


@require_POST
def company_defaults_clear(request):
    """Forget the company details the member kept for their next checkout (the privacy policy's promise)."""
    deleted, _by_model = CompanyPurchaseDefaults.objects.filter(user=request.user).delete()
    if deleted:
        messages.success(request, _("Your company details for the next order are deleted."))
    else:
        messages.info(request, _("No company details were kept for your next order."))
    return redirect("customer:privacy-hub")


@require_POST
def order_visibility_update(request, order_number: str):
    """Show or hide one of the member's orders' beneficiary and purpose on the verification page."""
    choice = request.POST.get("visibility", "")
    if choice not in VISIBILITY_CHOICES:
        return HttpResponseBadRequest(_("Choose “show” or “hide”."), content_type="text/plain; charset=utf-8")
    order = _member_orders_with_beneficiary(request.user).filter(number=order_number).first()
    if order is None:
        raise Http404(_("You have no order with that number."))
    offsets_services.order_visibility_set(order=order, show_publicly=VISIBILITY_CHOICES[choice])
    if VISIBILITY_CHOICES[choice]:
        message = _(
            "Order %(number)s: the beneficiary name and purpose are now shown on the verification page."
        )
    else:
        message = _(
            "Order %(number)s: the beneficiary name and purpose are now hidden from the verification page."
        )
    messages.success(request, message % {"number": order.number})
    return redirect("customer:privacy-hub")
