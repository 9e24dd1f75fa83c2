"""Checkout fork: offset details and card, a final confirmation page, then payment.

Payment is reachable only from the final confirmation page (preview): its
form carries the token of the page as shown to this session (see
``confirmation.py``), the exact legal versions shown and the customer's
acceptance; the card itself never reaches this server (only Stripe's id for it).
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from oscar.apps.checkout import exceptions
from oscar.apps.checkout import views as oscar_views
from oscar.apps.checkout.views import *  # noqa: F403  (Oscar's fork pattern)

from common.http import client_network
from common.throttle import HourlyLimit, throttle_count, throttle_exceeded
from legal.documents import selectors as documents_selectors
from legal.documents.forms import version_ids_token
from offsets.calculator.selectors import footprint_calculations_of_basket
from offsets.claims import claim_phrases_found
from shop.apps.order.models import CheckoutSubmission
from shop.payments.stripe.browser_policy import stripe_allowed
from shop.payments.stripe.gateway import browser_config

from . import confirmation, services
from .forms import ConfirmOrderForm, OffsetDetailsForm
from .recipients import consent_recipients

SESSION_NAMESPACE = "offsets"
# Kept outside Oscar's checkout data, which is flushed once an order is placed: a
# second click on the same page must still be recognised as this session's.
CONFIRMATION_SESSION_KEY = "checkout_confirmation_token"


class PaymentLimitPreCondition:
    """Checkout pages are not shown for a basket above the largest card payment (ORDER_TOTAL_MAX_YEN)."""

    def check_basket_within_payment_limit(self, request):
        problem = services.payment_limit_problem(basket=request.basket)
        if problem:
            raise exceptions.FailedPreCondition(url=reverse("basket:summary"), message=problem)


class IndexView(PaymentLimitPreCondition, oscar_views.IndexView):
    pre_conditions = [*oscar_views.IndexView.pre_conditions, "check_basket_within_payment_limit"]

    def get_form_kwargs(self):
        # The returning-customer option signs in with a password: with the request, the login
        # lockout counts and refuses these attempts like those of the login page.
        return {**super().get_form_kwargs(), "request": self.request}


# The payment pages: card details, the final confirmation (whose answer may be the
# 3-D Secure page) and the return from 3-D Secure. Only they may run Stripe.js.
@method_decorator(stripe_allowed, name="dispatch")
class PaymentDetailsView(PaymentLimitPreCondition, oscar_views.PaymentDetailsView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        details = self._details()
        initial = dict(details) if details else self._member_defaults()
        if details and self.request.user.is_authenticated:
            # Back from the confirmation page: the box still says whether details are kept, so that
            # sending the form again does not forget them.
            initial["remember_company"] = bool(services.company_defaults_of(user=self.request.user))
        context["offset_form"] = kwargs.get("offset_form") or OffsetDetailsForm(
            initial=initial,
            calculation_offered=self._calculation_offered(),
            member=self.request.user.is_authenticated,
        )
        context["calculation_offered"] = self._calculation_offered()
        context["stripe"] = browser_config()
        if self.preview:
            versions = documents_selectors.versions_to_accept()
            recipients = consent_recipients(basket=self.request.basket)
            context.update(
                details=details,
                # The purpose's claim warning, shown again where the order is confirmed.
                purpose_claims=claim_phrases_found(text=details.get("offset_purpose", "")),
                legal_versions=versions,
                recipients=recipients.shown(),
                recipients_unavailable=recipients.unavailable,
                confirm_form=kwargs.get("confirm_form")
                or ConfirmOrderForm(versions_token=version_ids_token(versions), recipients=recipients),
                tax_rate_percent=settings.CONSUMPTION_TAX_RATE_PERCENT,
                confirmation_token=self._confirmation_show(versions, recipients),
            )
        return context

    def _confirmation_digest(self, versions, recipients) -> str:
        return confirmation.confirmation_digest(
            basket=self.request.basket,
            email=self._email(),
            details=self._details(),
            payment_method=self.checkout_session._get(SESSION_NAMESPACE, "payment_method") or "",
            versions=versions,
            processors_abroad=recipients.processors_abroad,
            registry_operators=recipients.registry_operators,
        )

    def _confirmation_show(self, versions, recipients) -> str:
        session = self.request.session
        shown = confirmation.confirmation_show(
            digest=self._confirmation_digest(versions, recipients),
            replaces=session.get(CONFIRMATION_SESSION_KEY, ""),
        )
        session[CONFIRMATION_SESSION_KEY] = shown.token
        return shown.token

    def _calculation_offered(self) -> bool:
        """Whether the basket holds a footprint calculation (which may go on the certificate)."""
        return footprint_calculations_of_basket(basket_id=self.request.basket.pk).exists()

    def _member_defaults(self) -> dict:
        """A member's certificate is prefilled in their own name, and the company details they kept."""
        user = self.request.user
        if not user.is_authenticated:
            return {}
        return {"beneficiary_name": user.get_full_name(), **services.company_defaults_of(user=user)}

    def _details(self) -> dict:
        return self.checkout_session._get(SESSION_NAMESPACE, "details") or {}

    def _email(self) -> str:
        user = self.request.user
        return user.email if user.is_authenticated else self.checkout_session.get_guest_email()

    def check_payment_data_is_captured(self, request):
        if not self._details() or not self.checkout_session._get(SESSION_NAMESPACE, "payment_method"):
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:payment-details"),
                message=_("Please enter the certificate details and your card."),
            )

    def get_pre_conditions(self, request):
        return [*super().get_pre_conditions(request), "check_basket_within_payment_limit"]

    def get_skip_conditions(self, request):
        conditions = super().get_skip_conditions(request)
        if self.preview and request.method == "POST" and request.POST.get("action") == "place_order":
            # Before the pre-conditions: after the first click the basket is frozen or
            # submitted, and Oscar would call it empty.
            return ["skip_if_confirmation_was_used", *conditions]
        return conditions

    def skip_if_confirmation_was_used(self, request):
        token = request.POST.get("confirmation", "")
        if confirmation.confirmation_was_used(token=token, shown_token=self._shown_token(request)):
            raise exceptions.PassedSkipCondition(url=self._double_submit_url(request, token))

    def _shown_token(self, request) -> str:
        return request.session.get(CONFIRMATION_SESSION_KEY, "")

    def _double_submit_url(self, request, token: str) -> str:
        """Where a second submit of a used confirmation goes: the first one's order, never a second charge."""
        order = confirmation.confirmation_order_await(token=token)
        if order is not None:
            request.session["checkout_order_id"] = order.pk
            return reverse("checkout:thank-you")
        messages.error(
            request,
            _("This order was already submitted from this confirmation page and nothing more has been "
              "charged. If the payment went through, we confirm your order by e-mail."),
        )  # fmt: skip
        return reverse("checkout:preview")

    def post(self, request, *args, **kwargs):
        # The details form posts to payment-details; only the final
        # confirmation page (preview) can place an order.
        if not self.preview:
            return self.handle_payment_details_submission(request)
        if request.POST.get("action") == "place_order":
            return self.handle_place_order_submission(request)
        return redirect("checkout:preview")

    def handle_payment_details_submission(self, request):
        form = OffsetDetailsForm(
            request.POST,
            calculation_offered=self._calculation_offered(),
            member=request.user.is_authenticated,
        )
        if not form.is_valid():
            return self.render_payment_details(request, offset_form=form)
        details = {
            key: value
            for key, value in form.cleaned_data.items()
            if key not in ("payment_method", "remember_company")
        }
        services.company_defaults_keep(
            user=request.user, details=details, remember=form.cleaned_data.get("remember_company", False)
        )
        self.checkout_session._set(SESSION_NAMESPACE, "details", details)
        self.checkout_session._set(SESSION_NAMESPACE, "payment_method", form.cleaned_data["payment_method"])
        return redirect("checkout:preview")

    def handle_place_order_submission(self, request):
        if documents_selectors.reacceptance_required(user=request.user):
            return redirect(f"{reverse('legal:accept')}?{urlencode({'next': reverse('checkout:preview')})}")
        versions = documents_selectors.versions_to_accept()
        recipients = consent_recipients(basket=request.basket)
        form = ConfirmOrderForm(
            request.POST, versions_token=version_ids_token(versions), recipients=recipients
        )
        if not form.is_valid():
            response = self.render_preview(request, confirm_form=form)
            response.status_code = 400
            return response
        if self._too_many_declines(request):
            messages.error(request, _("Too many declined card attempts. Please wait an hour and try again."))
            return redirect("checkout:payment-details")

        basket = request.basket
        token = request.POST.get("confirmation", "")
        try:
            confirmed = confirmation.confirmation_use(
                token=token,
                shown_token=self._shown_token(request),
                digest=self._confirmation_digest(versions, recipients),
                basket=basket,
            )
        except confirmation.ConfirmationAlreadyUsed:
            return redirect(self._double_submit_url(request, token))
        except confirmation.ConfirmationRefused as refused:
            messages.error(request, refused.message)
            return redirect("checkout:preview")
        self.freeze_basket(basket)
        self.checkout_session.set_submitted_basket(basket)
        outcome = services.checkout_pay(
            basket=basket,
            user=request.user,
            email=self._email(),
            details=self._details(),
            payment_method=self.checkout_session._get(SESSION_NAMESPACE, "payment_method"),
            accepted_version_ids=[version.pk for version in versions],
            cross_border_consent=recipients.processors_abroad,
            third_party_consent=recipients.registry_operators,
            confirmation=confirmed,
        )
        return self._respond(request, outcome)

    def _respond(self, request, outcome):
        if outcome.order is not None:
            return self.handle_successful_order(outcome.order)
        if outcome.client_secret:
            request.session["checkout_submission_id"] = outcome.submission.pk
            return render(
                request,
                "oscar/checkout/payment_action.html",
                {
                    "client_secret": outcome.client_secret,
                    "submission": outcome.submission,
                    "stripe": browser_config(),
                },
            )
        self.restore_frozen_basket()
        self._count_decline(request)
        messages.error(request, outcome.error)
        return redirect("basket:summary" if outcome.sold_out else "checkout:payment-details")

    def send_order_placed_email(self, order):
        # The confirmation e-mail is sent by order placement itself (through
        # the outbox), so an order placed from the webhook gets one too.
        return None

    def _decline_limits(self, request) -> list[HourlyLimit]:
        """Card testing: declines allowed per session, e-mail and IP address (CHECKOUT_DECLINES_*)."""
        per_buyer, per_ip = settings.CHECKOUT_DECLINES_PER_HOUR, settings.CHECKOUT_DECLINES_PER_HOUR_PER_IP
        return [
            HourlyLimit(f"checkout-declines:session:{request.session.session_key}", per_buyer),
            HourlyLimit(f"checkout-declines:email:{self._email()}", per_buyer),
            HourlyLimit(f"checkout-declines:ip:{client_network(request)}", per_ip),
        ]

    def _too_many_declines(self, request) -> bool:
        return throttle_exceeded(limits=self._decline_limits(request))

    def _count_decline(self, request) -> None:
        throttle_count(limits=self._decline_limits(request))


class PaymentReturnView(PaymentDetailsView):
    """The browser is back from 3-D Secure (POST with the PaymentIntent id)."""

    preview = True

    def get_pre_conditions(self, request):
        return []

    def get(self, request, *args, **kwargs):
        return redirect("checkout:preview")  # only the 3-D Secure page posts here

    def post(self, request, *args, **kwargs):
        submission = get_object_or_404(CheckoutSubmission, pk=request.session.get("checkout_submission_id"))
        outcome = services.checkout_payment_return(
            submission=submission, intent_id=request.POST.get("payment_intent", "")
        )
        return self._respond(request, outcome)


class ThankYouView(oscar_views.ThankYouView):
    def get_object(self, queryset=None):
        # The page lists every line by its batch's title: a bulk order's in one query, not one per line.
        order = super().get_object(queryset)
        if order is not None:
            prefetch_related_objects([order], "lines__product")
        return order
