"""What the sections of the privacy request services share: the timeline, locking and the guards.

Private to the package: callers use the functions that ``services/__init__.py`` exports.
Imports no section module, so every section may import it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from legal.privacy.requests.models import PrivacyRequest, PrivacyRequestEvent

from .. import selectors

Event = PrivacyRequestEvent.Action


def _staff(user):
    """The user to record as having acted, or None for the system or an anonymous person."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _event(request: PrivacyRequest, action: str, *, actor=None, note: str = "", visible: bool = True):
    return PrivacyRequestEvent.objects.create(
        request=request, action=action, actor=_staff(actor), note=note, visible_to_requester=visible
    )


def _locked(request: PrivacyRequest) -> PrivacyRequest:
    return PrivacyRequest.objects.select_for_update().get(pk=request.pk)


def _require_open(request: PrivacyRequest) -> None:
    if not request.is_open:
        raise ValidationError(
            _("Request %(reference)s is closed (%(status)s).")
            % {"reference": request.reference, "status": request.get_status_display()}
        )


def _require_identity(request: PrivacyRequest) -> None:
    if not selectors.identity_confirmed(request=request):
        raise ValidationError(
            _("Confirm the identity first: every required identity document must be verified.")
        )


def _export_files_delete(request: PrivacyRequest) -> int:
    deleted = 0
    for field in (request.export_json, request.export_pdf):
        if field.name:
            field.storage.delete(field.name)
            field.name = ""
            deleted += 1
    return deleted
