"""``/legal/cookies/consent/``: the visitor's cookie choice, saved from the banner or the settings page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import consent
from .forms import CookieConsentForm, cookie_settings_form


@require_http_methods(["GET", "POST"])
def cookie_consent(request: HttpRequest) -> HttpResponse:
    """``/legal/cookies/consent/``: record the visitor's cookie choice, then go back where they were.

    A plain form POST, so it works without JavaScript; GET shows the same
    settings form on its own page.
    """
    next_url = _safe_next_url(request)
    if request.method == "GET":
        form = cookie_settings_form(request=request)
        return render(
            request, "legal/cookie_settings.html", {"cookie_settings_form": form, "next_url": next_url}
        )
    form = CookieConsentForm(request.POST)
    if not form.is_valid():
        context = {"cookie_settings_form": form, "next_url": next_url}
        return render(request, "legal/cookie_settings.html", context, status=400)
    response = HttpResponseRedirect(next_url)
    consent.consent_save(request=request, response=response, categories=form.allowed_categories())
    messages.success(request, _("Your cookie settings have been saved."))
    return response


def _safe_next_url(request: HttpRequest) -> str:
    """Where to return after the choice: the page the visitor came from, if it is on this site."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    on_this_site = next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    )
    if on_this_site and next_url.isprintable():
        return next_url
    return reverse("home")
