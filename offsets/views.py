"""Certificate pages: public verification, the PDF download, and the registry-consent page."""

import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from oscar.core.loading import get_model

from legal.processors.exceptions import ProvisionRefused
from legal.processors.selectors import recipient_shown
from legal.staff.access_log import staff_access_record
from legal.staff.models import AccessAction

from . import selectors
from .claims import CLAIM_PHRASES_EN, CLAIM_PHRASES_JA
from .services import registry as registry_services


@require_safe
def certificate_lookup(request: HttpRequest) -> HttpResponse:
    """``/verify/?number=…``: the small "check a certificate" form goes to that certificate's page."""
    # Certificate numbers are letters, digits and hyphens (OM-2026-000123); drop what was pasted around them.
    number = re.sub(r"[^0-9A-Za-z-]", "", request.GET.get("number", "")).upper()[:64]
    if not number:
        return render(request, "offsets/certificate_lookup.html")
    return redirect("offsets:certificate-verify", number=number)


@require_safe
@never_cache
def certificate_verify(request: HttpRequest, number: str) -> HttpResponse:
    """``/verify/<number>/``: is the certificate valid, what did it retire; whose, with its token."""
    verification = selectors.certificate_verification(number=number, token=request.GET.get("t", ""))
    if verification is None:
        # A page of its own, not the site's 404: the visitor most likely mistyped a number.
        return render(request, "offsets/certificate_not_found.html", {"number": number}, status=404)
    return render(request, "offsets/certificate_verify.html", {"verification": verification})


@require_safe
@never_cache
def certificate_pdf(request: HttpRequest, number: str) -> FileResponse:
    """``/certificates/<number>/pdf/``: the PDF for its token holder, buyer and staff; 404 for others."""
    certificate = selectors.certificate_pdf_for(
        number=number, token=request.GET.get("t", ""), user=request.user
    )
    if certificate is None:
        raise Http404
    user = request.user
    if user.is_authenticated and user.is_staff and certificate.order.user_id != user.pk:
        # Staff opening a customer's certificate (it names the beneficiary) is an access to audit.
        staff_access_record(
            staff=user,
            action=AccessAction.DOWNLOAD_CERTIFICATE,
            subject_user=certificate.order.user,
            subject_email=certificate.order.email or "",
            target=f"certificate {certificate.number} (order {certificate.order.number})",
            request=request,
        )
    response = FileResponse(
        certificate.pdf.open("rb"), content_type="application/pdf", filename=f"{certificate.number}.pdf"
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registry_consent(request: HttpRequest, token: str) -> HttpResponse:
    """``/registry-consent/<token>/``: the customer consents, after ordering, to the registry operators.

    The link was e-mailed to the order's address (``registry_consent_request``). The page
    shows what the final confirmation page shows for these recipients; what is agreed is
    exactly what was shown (a digest of it comes back with the form).
    """
    try:
        number = registry_services.registry_consent_order_number(token=token)
    except registry_services.ConsentLinkInvalid:
        return render(request, "offsets/registry_consent_invalid.html", status=404)
    order = get_model("order", "Order").objects.filter(number=number).first()
    if order is None:
        return render(request, "offsets/registry_consent_invalid.html", status=404)
    try:
        missing = registry_services.registry_consent_missing(order=order)
    except ProvisionRefused as refused:
        return render(
            request, "offsets/registry_consent_invalid.html", {"reason": refused.reason}, status=409
        )
    digest = registry_services.registry_consent_digest(shown=missing)
    context = {"order": order, "shown_digest": digest, "recorded": False}
    status = 200
    if request.method == "POST" and missing:
        if request.POST.get("shown") != digest:
            context["error"] = _(
                "The information below has changed since the page was opened: please read it again."
            )
            status = 409
        elif request.POST.get("consent") != "on":
            context["error"] = _("Please tick the box to give your consent.")
            status = 400
        else:
            registry_services.registry_consent_record(order=order, shown=missing)
            context["recorded"] = True
            missing = []
    language = (translation.get_language() or "ja")[:2]
    context["recipients"] = [recipient_shown(snapshot=snapshot, language=language) for snapshot in missing]
    return render(request, "offsets/registry_consent.html", context, status=status)


@require_safe
def claims_guide(request: HttpRequest) -> HttpResponse:
    """``/guide/claims/``: what a buyer may say about their certificate, and the claims to avoid."""
    return render(
        request,
        "offsets/claims_guide.html",
        {"phrases_ja": CLAIM_PHRASES_JA, "phrases_en": CLAIM_PHRASES_EN},
    )
