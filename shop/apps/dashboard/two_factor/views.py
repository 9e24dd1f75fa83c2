"""The verification page and enrolment: each parses the code, calls one service, renders.

Both open to a signed-in staff account whose session has no second factor yet (the
gate in ``middleware`` sends them here). Enrolling while a factor exists (a new phone)
needs a verified session first, so a password alone never replaces an authenticator.
"""

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from legal.staff import two_factor

from .forms import CodeForm


@method_decorator(never_cache, name="dispatch")
class TwoFactorPage(View):
    """What both pages share: who may open them, and where to go afterwards (``next``)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
        if not two_factor.two_factor_required(user=request.user):
            raise PermissionDenied(_("Two-factor sign-in is for staff accounts."))
        self.next_url = self._safe_next_url()
        return super().dispatch(request, *args, **kwargs)

    def _safe_next_url(self) -> str:
        next_url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        on_this_site = next_url.startswith("/") and url_has_allowed_host_and_scheme(
            next_url, {self.request.get_host()}, self.request.is_secure()
        )
        return next_url if on_this_site and next_url.isprintable() else reverse("dashboard:index")

    def session_verified_by(self, device) -> None:
        # A new session key with the raised privilege, as Django's login() does for the password.
        self.request.session.cycle_key()
        otp_login(self.request, device)

    def redirect_to(self, url_name: str) -> HttpResponseRedirect:
        return redirect_to_login(self.next_url, reverse(url_name))

    def render(self, template: str, status: int = 200, **context) -> TemplateResponse:
        context.update(next_url=self.next_url)
        return TemplateResponse(
            self.request, f"oscar/dashboard/two_factor/{template}", context, status=status
        )


class VerifyView(TwoFactorPage):
    """Asks for a code from the authenticator app, or a recovery code."""

    def get(self, request):
        if two_factor.second_factor_verified(user=request.user):
            return HttpResponseRedirect(self.next_url)
        if not two_factor.second_factor_usable(user=request.user):
            return self.redirect_to("dashboard:two-factor-enrol")
        return self.render_form(CodeForm())

    def post(self, request):
        if not two_factor.second_factor_usable(user=request.user):
            return self.redirect_to("dashboard:two-factor-enrol")
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            device = two_factor.second_factor_check(user=request.user, code=form.cleaned_data["code"])
        except two_factor.TooManyWrongCodes as error:
            return self.render_form(form, status=429, wait_until=error.wait_until)
        if device is None:
            form.add_error("code", _("That code is not right. Check the code in your app and try again."))
            return self.render_form(form, status=400)
        self.session_verified_by(device)
        if two_factor.is_recovery_code_device(device):
            left = two_factor.recovery_codes_left(user=request.user)
            messages.warning(
                request,
                _(
                    "You signed in with a recovery code; it cannot be used again (%(left)s left). "
                    "If you no longer have your authenticator app, set it up again now."
                )
                % {"left": left},
            )
            return self.redirect_to("dashboard:two-factor-enrol")
        return HttpResponseRedirect(self.next_url)

    def render_form(self, form: CodeForm, status: int = 200, **context) -> TemplateResponse:
        return self.render("verify.html", status=status, form=form, **context)


class EnrolView(TwoFactorPage):
    """Sets up an authenticator app (QR code and secret as text), confirmed by one code from it.

    Confirming shows a new set of recovery codes, once.
    """

    def get(self, request):
        if self.verification_needed():
            return self.redirect_to("dashboard:two-factor-verify")
        return self.render_form(CodeForm(recovery_codes_accepted=False))

    def post(self, request):
        if self.verification_needed():
            return self.redirect_to("dashboard:two-factor-verify")
        form = CodeForm(request.POST, recovery_codes_accepted=False)
        if not form.is_valid():
            return self.render_form(form, status=400)
        device = two_factor.authenticator_start(user=request.user)
        try:
            codes = two_factor.authenticator_confirm(device=device, code=form.cleaned_data["code"])
        except two_factor.TooManyWrongCodes as error:
            return self.render_form(form, status=429, wait_until=error.wait_until)
        if codes is None:
            form.add_error(
                "code",
                _("That code is not right. Check that the app shows Offset Mart and enter its current code."),
            )
            return self.render_form(form, status=400)
        self.session_verified_by(device)
        return self.render("recovery_codes.html", recovery_codes=codes)

    def verification_needed(self) -> bool:
        user = self.request.user
        return two_factor.second_factor_usable(user=user) and not two_factor.second_factor_verified(user=user)

    def render_form(self, form: CodeForm, status: int = 200, **context) -> TemplateResponse:
        user = self.request.user
        device = two_factor.authenticator_start(user=user)
        qr_code = segno.make(two_factor.authenticator_setup_url(device=device), error="m")
        return self.render(
            "enrol.html",
            status=status,
            form=form,
            # segno draws the matrix as one SVG path; no text from the address reaches the markup.
            qr_svg=mark_safe(qr_code.svg_inline(scale=5, title=_("QR code for your authenticator app"))),  # noqa: S308
            secret=two_factor.authenticator_secret(device=device),
            replacing=two_factor.authenticator_of(user=user) is not None,
            recovery_codes_left=two_factor.recovery_codes_left(user=user),
            **context,
        )
