"""Reads of privacy requests: lists, counts, identity, restrictions."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from legal.privacy.requests.models import (
    OPEN_STATUSES,
    IdentityDocument,
    PrivacyRequest,
    PrivacyRequestEvent,
    UseRestriction,
)

DUE_SOON_DAYS = 3


def _today() -> datetime.date:
    return timezone.localdate()


def requests_of_member(*, user) -> QuerySet[PrivacyRequest]:
    """A member's own requests, newest first."""
    return PrivacyRequest.objects.filter(requester=user).order_by("-received_at")


def request_of_member(*, user, reference: str) -> PrivacyRequest | None:
    return requests_of_member(user=user).filter(reference=reference).first()


def timeline_for_requester(*, request: PrivacyRequest) -> QuerySet[PrivacyRequestEvent]:
    """The events the person sees (staff notes are kept out)."""
    return request.events.filter(visible_to_requester=True).order_by("created_at", "pk")


def required_document_roles(*, request: PrivacyRequest) -> list[str]:
    """An agent shows a power of attorney and their own ID; a person asking for themselves, their ID."""
    if request.is_agent:
        return [IdentityDocument.Role.POWER_OF_ATTORNEY, IdentityDocument.Role.AGENT_ID]
    return [IdentityDocument.Role.REQUESTER_ID]


def identity_confirmed(*, request: PrivacyRequest) -> bool:
    """True once every required document has a verified copy."""
    verified = set(
        request.identity_documents.filter(verification=IdentityDocument.Verification.VERIFIED).values_list(
            "role", flat=True
        )
    )
    return all(role in verified for role in required_document_roles(request=request))


def staff_request_list(
    *,
    status: str | None = None,
    kind: str | None = None,
    assigned_to=None,
    unassigned: bool = False,
    overdue: bool = False,
    due_soon: bool = False,
    search: str = "",
    today: datetime.date | None = None,
) -> QuerySet[PrivacyRequest]:
    """Requests for the dashboard list: open ones first by due date, then the rest."""
    today = today or _today()
    requests = PrivacyRequest.objects.select_related("assigned_to", "requester")
    if status:
        requests = requests.filter(status=status)
    if kind:
        requests = requests.filter(kind=kind)
    if assigned_to is not None:
        requests = requests.filter(assigned_to=assigned_to)
    if unassigned:
        requests = requests.filter(assigned_to__isnull=True)
    if overdue:
        requests = requests.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    if due_soon:
        requests = requests.filter(
            status__in=OPEN_STATUSES,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
    if search:
        requests = requests.filter(
            Q(reference__iexact=search.strip())
            | Q(requester_email__iexact=search.strip())
            | Q(requester_name__icontains=search.strip())
        )
    return requests.order_by("closed_at", "due_on", "received_at")


def request_counts(*, today: datetime.date | None = None) -> dict[str, int]:
    """Open, overdue and due-within-3-days counts, shown prominently to staff."""
    today = today or _today()
    open_requests = PrivacyRequest.objects.filter(status__in=OPEN_STATUSES)
    return {
        "open": open_requests.count(),
        "overdue": open_requests.filter(due_on__lt=today).count(),
        "due_soon": open_requests.filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        ).count(),
    }


def use_restricted(*, user=None, email: str = "", scope: str = UseRestriction.Scope.USE) -> bool:
    """Has this person (member or e-mail address) asked us to stop using their data beyond the contract?"""
    conditions = Q()
    if user is not None and getattr(user, "is_authenticated", False):
        conditions |= Q(user=user)
        email = email or user.email
    if email:
        conditions |= Q(email__iexact=email)
    if not conditions:
        return False
    return UseRestriction.objects.filter(conditions, scope=scope).exists()


def restricted_emails(*, scope: str = UseRestriction.Scope.USE) -> set[str]:
    """Every restricted address, lower-cased (one query for a whole batch of alerts)."""
    restrictions = UseRestriction.objects.filter(scope=scope).select_related("user")
    found = set()
    for restriction in restrictions:
        found.add(restriction.email.lower())
        if restriction.user is not None and restriction.user.email:
            found.add(restriction.user.email.lower())
    return found


def correction_current_values(*, request: PrivacyRequest) -> dict[str, str]:
    """What the shop holds now for each correctable item, to show beside the requested value."""
    from oscar.core.loading import get_model

    user = request.requester
    values = {}
    if user is not None:
        values.update(first_name=user.first_name, last_name=user.last_name, email=user.email)
        UserAddress = get_model("address", "UserAddress")
        addresses = UserAddress.objects.filter(user=user)
        values["address"] = "\n".join(address.summary for address in addresses)
    orders = orders_of(request=request)
    values["beneficiary_name"] = ", ".join(
        sorted({order.beneficiary_name for order in orders if order.beneficiary_name})
    )
    values["offset_purpose"] = ", ".join(
        sorted({order.offset_purpose for order in orders if order.offset_purpose})
    )
    return values


def orders_of(*, request: PrivacyRequest):
    """The orders of the person: the member's, or placed as a guest with their e-mail."""
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    conditions = Q(guest_email__iexact=request.requester_email)
    if request.requester_id:
        conditions |= Q(user_id=request.requester_id)
    return Order.objects.filter(conditions).order_by("-date_placed")


def live_certificates_of(*, request: PrivacyRequest):
    from offsets.models import Certificate

    return (
        Certificate.objects.filter(order__in=orders_of(request=request), status=Certificate.Status.VALID)
        .select_related("order")
        .order_by("number")
    )
