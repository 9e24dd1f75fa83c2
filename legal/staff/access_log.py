"""Record staff looking at a person's data (the policies promise internal audits of it).

Views that show one person's data to staff (dashboard customer and order
pages, certificate pages and PDFs, privacy-request exports and identity
documents) call ``staff_access_record`` once per page shown.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from common.spreadsheets import csv_response

from .models import AccessAction, StaffAccess

TARGET_MAX_LENGTH = StaffAccess._meta.get_field("target").max_length
PATH_MAX_LENGTH = StaffAccess._meta.get_field("path").max_length


def staff_access_record(
    *,
    staff: AbstractBaseUser | None,
    action: str,
    subject_user: AbstractBaseUser | None = None,
    subject_email: str = "",
    target: str = "",
    request: HttpRequest | None = None,
) -> StaffAccess:
    """Write one access entry: ``staff`` (default: the request's user) did ``action`` to whose data.

    ``action`` is an AccessAction code; ``subject_email`` defaults to the
    subject member's address; ``request`` supplies the page's path.
    """
    if action not in AccessAction.values:
        raise ValueError(f"Unknown staff access action {action!r}")
    if staff is None and request is not None:
        staff = request.user
    if staff is None or not staff.is_authenticated:
        raise ValueError("Only a signed-in staff member's access is recorded.")
    if subject_user is not None and not subject_user.is_authenticated:
        subject_user = None
    return StaffAccess.objects.create(
        staff=staff,
        staff_name=(staff.get_full_name() or staff.get_username())[:200],
        staff_email=staff.email or "",
        action=action,
        subject_user=subject_user,
        subject_email=subject_email or (subject_user.email if subject_user else ""),
        target=target[:TARGET_MAX_LENGTH],
        path=request.get_full_path()[:PATH_MAX_LENGTH] if request is not None else "",
    )


CSV_COLUMNS = ["accessed_at", "staff", "staff_email", "action", "subject_email", "target", "path"]


def staff_access_csv_response(entries) -> HttpResponse:
    """The given entries, oldest first, as a CSV download an auditor can open in Excel."""
    rows = (
        [
            timezone.localtime(entry.accessed_at).isoformat(),
            entry.staff_name,
            entry.staff_email,
            entry.action,
            entry.subject_email,
            entry.target,
            entry.path,
        ]
        for entry in entries.order_by("accessed_at", "pk").iterator(chunk_size=2000)
    )
    return csv_response(
        filename=f"staff-access-{timezone.localdate():%Y%m%d}.csv", header=CSV_COLUMNS, rows=rows
    )
