"""Certificate pages: public verification and the PDF download."""

import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from legal.staff.access_log import staff_access_record
from legal.staff.models import AccessAction

from . import selectors
from .claims import CLAIM_PHRASES_EN, CLAIM_PHRASES_JA


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


@require_safe
def claims_guide(request: HttpRequest) -> HttpResponse:
    """``/guide/claims/``: what a buyer may say about their certificate, and the claims to avoid."""
    return render(
        request,
        "offsets/claims_guide.html",
        {"phrases_ja": CLAIM_PHRASES_JA, "phrases_en": CLAIM_PHRASES_EN},
    )
