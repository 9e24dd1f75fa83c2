"""Staff handling: who works on a request, and staff notes on its timeline.

Neither changes the request or tells the person anything: an assignment is never shown
to the person, a note only when staff choose to show it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from legal.privacy.requests.models import PrivacyRequest

from ._common import Event, _event, _locked, _require_open


@transaction.atomic
def privacy_request_assign(*, request: PrivacyRequest, assignee, staff) -> PrivacyRequest:
    request = _locked(request)
    _require_open(request)
    request.assigned_to = assignee
    request.save(update_fields=["assigned_to"])
    note = assignee.get_full_name() or assignee.get_username() if assignee else _("nobody")
    _event(request, Event.ASSIGNED, actor=staff, note=note, visible=False)
    return request


@transaction.atomic
def privacy_request_note(*, request: PrivacyRequest, staff, note: str, visible_to_requester: bool = False):
    note = note.strip()
    if not note:
        raise ValidationError(_("Write the note."))
    return _event(_locked(request), Event.NOTE, actor=staff, note=note, visible=visible_to_requester)
