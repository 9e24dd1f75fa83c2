"""Customer views fork: both registration forms ask for acceptance of the legal versions;
closing the account follows the personal-data register; re-ordering a line that is not there is a 404;
the password asked again (changing it, closing the account) counts towards the login lockout."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.db.models import ProtectedError, RestrictedError, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.apps.customer import views as oscar_views
from oscar.apps.customer.views import *  # noqa: F403  (Oscar's fork pattern)
from oscar.core.loading import get_model

from legal.privacy import selectors as privacy_selectors
from legal.privacy import services as privacy_services
from legal.privacy.exceptions import WithdrawalRefused

from .forms import CustomerRegistrationForm, RecheckedConfirmPasswordForm, RecheckedPasswordChangeForm

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)


class OrderDetailView(oscar_views.OrderDetailView):
    def get_object(self, queryset=None):
        # A bulk order's 30+ lines with their products and options in three queries, not two per line.
        order = super().get_object(queryset)
        prefetch_related_objects([order], "lines__product", "lines__attributes")
        return order


class AccountRegistrationView(oscar_views.AccountRegistrationView):
    form_class = CustomerRegistrationForm


class AccountAuthView(oscar_views.AccountAuthView):
    registration_form_class = CustomerRegistrationForm


# --- Withdrawal (退会): Oscar's profile deletion, carried out from the personal-data register ---


class ChangePasswordView(oscar_views.ChangePasswordView):
    form_class = RecheckedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class ProfileDeleteView(oscar_views.ProfileDeleteView):
    """Close the account: what may go is deleted now; what the law keeps is detached, kept for its period."""

    template_name = "oscar/customer/profile/profile_delete.html"
    page_title = gettext_lazy("Close your account")
    form_class = RecheckedConfirmPasswordForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outline"] = privacy_selectors.withdrawal_outline(user=self.request.user)
        return context

    def form_valid(self, form):
        try:
            privacy_services.member_withdraw(user=self.request.user)
        except WithdrawalRefused as refused:
            messages.error(self.request, str(refused))
            return redirect("customer:profile-view")
        except (ProtectedError, RestrictedError):
            # A record the register does not know yet holds on to the account: nothing was changed.
            logger.exception("Withdrawal of member %s blocked by a protected record", self.request.user.pk)
            messages.error(
                self.request,
                _(
                    "We could not close your account automatically. "
                    "Please write to %(email)s and we will do it."
                )
                % {"email": settings.COMPANY["email"]},
            )
            return redirect("customer:profile-view")
        auth_logout(self.request)
        messages.success(
            self.request,
            _("Your account has been closed. Thank you for offsetting with us."),
        )
        return redirect(self.get_success_url())


class OrderLineView(oscar_views.OrderLineView):
    """Re-order one line of one's order; a line that is not one of its lines is a 404.

    Oscar's looks the line up with ``.get()`` and shows a GET (or a POST with an
    unknown action) a template it does not ship: both were server errors.
    """

    def get_object(self, queryset=None):
        order = get_object_or_404(Order, user=self.request.user, number=self.kwargs["order_number"])
        return get_object_or_404(order.lines, id=self.kwargs["line_id"])

    def get(self, request, *args, **kwargs):
        return redirect("customer:order", order_number=kwargs["order_number"])
