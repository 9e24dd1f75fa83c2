"""Staff looking at people's data leaves one log entry per page; auditors read the log, nobody edits it."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse as reverse_ja
from django.utils import translation

from legal.staff.groups import AUDITORS_GROUP, INCIDENT_MANAGERS_GROUP, OPERATIONS_STAFF_GROUP
from legal.staff.models import AccessAction, StaffAccess
from tests.factories.certificates import certificate_for, retired_order
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db


def reverse(name, **kwargs):
    with translation.override("en"):
        return reverse_ja(name, kwargs=kwargs or None)


def staff_in(group: str, django_user_model, email: str):
    user = django_user_model.objects.create_user(email.split("@")[0], email, "pw-123456789", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user) -> Client:
    return verified_login(Client(), user)


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("taro", "taro@example.jp", "pw-123456789")


# --- Dashboard pages write exactly one entry ----------------------------------------------


def test_viewing_a_customer_in_the_dashboard_writes_one_entry(staff_client, customer):
    url = reverse("dashboard:user-detail", pk=customer.pk)

    response = staff_client.get(url)

    assert response.status_code == 200
    access = StaffAccess.objects.get()
    assert access.staff == staff_client.user
    assert access.staff_email == "ops@offsetmart.example"
    assert access.action == AccessAction.VIEW_CUSTOMER
    assert access.subject_user == customer
    assert access.subject_email == "taro@example.jp"
    assert access.path == url


def test_viewing_an_order_in_the_dashboard_writes_one_entry(staff_client, customer):
    order = retired_order(user=customer)

    response = staff_client.get(reverse("dashboard:order-detail", number=order.number))

    assert response.status_code == 200
    access = StaffAccess.objects.get()
    assert (access.staff, access.action) == (staff_client.user, AccessAction.VIEW_ORDER)
    assert (access.subject_user, access.subject_email) == (customer, "taro@example.jp")
    assert order.number in access.target


def test_a_guest_order_is_logged_under_the_guest_address(staff_client):
    order = retired_order(guest_email="guest@example.com")

    staff_client.get(reverse("dashboard:order-detail", number=order.number))

    access = StaffAccess.objects.get()
    assert (access.subject_user, access.subject_email) == (None, "guest@example.com")


def test_a_page_that_does_not_exist_logs_nothing(staff_client):
    assert staff_client.get(reverse("dashboard:order-detail", number="999999")).status_code == 404
    assert staff_client.get(reverse("dashboard:user-detail", pk=999999)).status_code == 404

    assert not StaffAccess.objects.exists()


def test_the_certificate_pages_log_the_order_and_the_lists(client, django_user_model, customer):
    operations = staff_in(OPERATIONS_STAFF_GROUP, django_user_model, "ops2@offsetmart.example")
    verified_login(client, operations)
    order = retired_order(user=customer)

    assert client.get(reverse("dashboard:certificate-order", number=order.number)).status_code == 200
    assert client.get(reverse("dashboard:certificate-queue")).status_code == 200

    order_page, queue = StaffAccess.objects.order_by("pk")
    assert (order_page.action, order_page.staff, order_page.subject_user) == (
        AccessAction.VIEW_ORDER,
        operations,
        customer,
    )
    assert queue.action == AccessAction.VIEW_ORDER_LIST
    assert order.number in queue.target


def test_staff_downloading_a_customers_certificate_is_logged(processors, staff_client, customer, client):
    certificate = certificate_for(user=customer)
    url = f"/certificates/{certificate.number}/pdf/"

    assert staff_client.get(url).status_code == 200
    access = StaffAccess.objects.get()
    assert (access.action, access.subject_user) == (AccessAction.DOWNLOAD_CERTIFICATE, customer)
    assert certificate.number in access.target

    # The buyer and a token holder are no staff: their downloads are not staff access.
    assert logged_in(customer).get(url).status_code == 200
    assert Client().get(f"{url}?t={certificate.token}").status_code == 200
    assert StaffAccess.objects.count() == 1


# --- The log in the admin ------------------------------------------------------------------


@pytest.fixture
def auditor(django_user_model):
    return staff_in(AUDITORS_GROUP, django_user_model, "audit@offsetmart.example")


@pytest.fixture
def some_entries(django_user_model, customer):
    from legal.staff.access_log import staff_access_record

    first = staff_in(OPERATIONS_STAFF_GROUP, django_user_model, "first@offsetmart.example")
    second = staff_in(INCIDENT_MANAGERS_GROUP, django_user_model, "second@offsetmart.example")
    return [
        staff_access_record(staff=first, action=AccessAction.VIEW_CUSTOMER, subject_user=customer),
        staff_access_record(staff=second, action=AccessAction.VIEW_ORDER, subject_email="guest@example.com"),
        staff_access_record(staff=first, action=AccessAction.VIEW_ORDER, subject_email="=cmd|calc"),
    ]


def test_an_auditor_reviews_the_log_by_staff_action_and_subject(auditor, some_entries):
    client = logged_in(auditor)
    listing = reverse("admin:legal_staffaccess_changelist")

    def shown(query: str) -> set[int]:
        response = client.get(f"{listing}?{query}")
        assert response.status_code == 200
        return {access.pk for access in response.context["cl"].result_list}

    first, second, third = some_entries
    assert shown("") == {first.pk, second.pk, third.pk}
    assert shown(f"staff__id__exact={first.staff_id}") == {first.pk, third.pk}
    assert shown("action__exact=view_order") == {second.pk, third.pk}
    assert shown("q=taro@example") == {first.pk}
    assert shown(f"accessed_at__year={first.accessed_at.year}") == {first.pk, second.pk, third.pk}


def test_the_csv_export_lists_the_selected_entries(auditor, some_entries):
    first, second, third = some_entries

    response = logged_in(auditor).post(
        reverse("admin:legal_staffaccess_changelist"),
        {"action": "export_csv", "_selected_action": [first.pk, third.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["subject_email"] for row in rows] == ["taro@example.jp", "'=cmd|calc"]
    assert [row["action"] for row in rows] == ["view_customer", "view_order"]
    assert rows[0]["staff_email"] == "first@offsetmart.example"


def test_nobody_adds_changes_or_deletes_entries_in_the_admin(auditor, some_entries, django_user_model):
    access = some_entries[0]
    root = django_user_model.objects.create_superuser("root", "root@offsetmart.example", "pw-123456789")
    for user in (auditor, root):
        client = logged_in(user)

        assert client.get(reverse("admin:legal_staffaccess_add")).status_code == 403
        page = client.get(reverse("admin:legal_staffaccess_change", object_id=access.pk))
        assert page.status_code == 200 and not page.context["has_change_permission"]
        changed = client.post(
            reverse("admin:legal_staffaccess_change", object_id=access.pk), {"target": "rewritten"}
        )
        assert changed.status_code == 403
        assert client.get(reverse("admin:legal_staffaccess_delete", object_id=access.pk)).status_code == 403
        bulk = client.post(
            reverse("admin:legal_staffaccess_changelist"),
            {"action": "delete_selected", "_selected_action": [access.pk], "post": "yes"},
        )
        assert bulk.status_code in (200, 302)
    access.refresh_from_db()
    assert access.target == ""
    assert StaffAccess.objects.count() == 3


@pytest.mark.parametrize("group", [OPERATIONS_STAFF_GROUP, INCIDENT_MANAGERS_GROUP])
def test_staff_who_are_not_auditors_cannot_read_the_log(django_user_model, some_entries, group):
    client = logged_in(staff_in(group, django_user_model, "nosy@offsetmart.example"))

    assert client.get(reverse("admin:legal_staffaccess_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:legal_staffaccess_change", object_id=some_entries[0].pk)).status_code == 403
    )
    export = client.post(
        reverse("admin:legal_staffaccess_changelist"),
        {"action": "export_csv", "_selected_action": [some_entries[0].pk]},
    )
    assert export.status_code == 403
