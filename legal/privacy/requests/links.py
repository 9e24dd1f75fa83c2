"""Signed, expiring links that let a person without an account open their own request.

The token names the request's reference and is signed with the site's
secret; it stops working PRIVACY_REQUEST_LINK_DAYS after it was made.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "legal.privacy_requests.link"


def request_token(*, reference: str) -> str:
    return signing.dumps({"ref": reference}, salt=SALT, compress=False)


def reference_from_token(token: str) -> str | None:
    """The reference a valid, unexpired token names; None for a forged, damaged or expired one."""
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=datetime.timedelta(days=settings.PRIVACY_REQUEST_LINK_DAYS)
        )
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    reference = payload.get("ref") if isinstance(payload, dict) else None
    return reference if isinstance(reference, str) else None


def request_url(*, request, language: str = "ja") -> str:
    """The absolute address of the person's request page: their account page, or the signed link."""
    with translation.override(language):
        if request.requester_id:
            path = reverse("customer:privacy-request-detail", kwargs={"reference": request.reference})
        else:
            path = reverse(
                "privacy_requests:status", kwargs={"token": request_token(reference=request.reference)}
            )
    return settings.SHOP_BASE_URL.rstrip("/") + path
