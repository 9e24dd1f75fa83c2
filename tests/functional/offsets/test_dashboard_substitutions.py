"""Substituting credits from the certificates dashboard, as operations staff do it (there is no refund)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from legal.staff.groups import OPERATIONS_STAFF_GROUP
from offsets import services
from offsets.models import Allocation, CertificateEvent, OffsetType, Substitution
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory
from tests.factories.orders import order_line_for
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.fixture(autouse=True)
def no_notice_period(settings):
    settings.SUBSTITUTION_NOTICE_DAYS = 0


@pytest.fixture
def operations_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="hanako", email="hanako@offsetmart.example", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=OPERATIONS_STAFF_GROUP))
    verified_login(client, user)
    client.user = user
    return client


@pytest.fixture
def short_line():
    """The line of a paid order whose 3 t have no serials: its batch sold out before the payment came."""
    batch = CreditBatchFactory(serial_prefix="JP-OLD", vintage=2023, serial_first=1, serial_last=5)
    services.tonnes_allocate(basket_id=None, order_line=order_line_for(batch, 5), batch_id=batch.pk, tonnes=5)
    line = order_line_for(batch, 3)
    Order.objects.filter(pk=line.order_id).update(
        status="paid",
        guest_email="buyer@example.jp",
        attention_reason=f"{services.SHORTFALL_FLAG} JP-OLD: 3 t paid, 0 t left",
    )
    return line


@pytest.fixture
def same_kind_batch():
    return CreditBatchFactory(
        project=OffsetProjectFactory(name_en="Later Forest"),
        serial_prefix="JP-NEW",
        vintage=2024,
        serial_first=101,
        serial_last=110,
    )


def schedule_url(line) -> str:
    return reverse(
        "dashboard:substitution-schedule", kwargs={"number": line.order.number, "line_id": line.pk}
    )


def order_url(line) -> str:
    return reverse("dashboard:certificate-order", kwargs={"number": line.order.number})


def test_the_order_page_links_the_line_without_serials_to_the_substitution(
    operations_client, short_line, english
):
    page = operations_client.get(order_url(short_line)).content.decode()

    assert schedule_url(short_line) in page


def test_oscars_order_page_leads_from_the_flag_to_the_substitution(operations_client, short_line, english):
    operations_client.user.is_superuser = True  # Oscar's own order pages are for full staff
    operations_client.user.save()

    page = operations_client.get(
        reverse("dashboard:order-detail", kwargs={"number": short_line.order.number})
    )

    assert page.status_code == 200
    assert f'href="{order_url(short_line)}"' in page.content.decode()


def test_only_batches_of_the_same_kind_with_enough_tonnes_are_offered(
    operations_client, short_line, same_kind_batch, english
):
    CreditBatchFactory(project=OffsetProjectFactory(offset_type=OffsetType.AVOIDANCE), vintage=2024)
    CreditBatchFactory(vintage=2022)
    CreditBatchFactory(vintage=2025, serial_first=1, serial_last=2)

    response = operations_client.get(schedule_url(short_line))

    assert response.status_code == 200
    assert list(response.context["form"].fields["batch"].queryset) == [same_kind_batch]
    assert "3 t of" in response.content.decode()


def test_staff_schedule_carry_out_and_the_certificate_can_follow(
    operations_client, processors, short_line, same_kind_batch, english, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = operations_client.post(schedule_url(short_line), {"batch": same_kind_batch.pk})

    assert response.status_code == 302 and response["Location"] == order_url(short_line)
    substitution = Substitution.objects.get()
    assert substitution.scheduled_by == operations_client.user
    assert len(mail.outbox) == 1
    page = operations_client.get(order_url(short_line)).content.decode()
    assert 'id="substitution-' in page and "E-mailed at" in page

    response = operations_client.post(
        reverse("dashboard:substitution-carry-out", kwargs={"pk": substitution.pk}), follow=True
    )

    allocation = Allocation.objects.get(order_line=short_line)
    assert (allocation.batch, allocation.serial_first, allocation.serial_last) == (same_kind_batch, 101, 103)
    assert "The substitute serials are allocated" in response.content.decode()
    assert "JP-NEW 101–103" in response.content.decode()
    assert Order.objects.get(pk=short_line.order_id).attention_reason == ""
    staff = set(CertificateEvent.objects.filter(order_id=short_line.order_id).values_list("staff", flat=True))
    assert staff == {operations_client.user.pk}


def test_a_batch_not_offered_is_refused_with_a_400(operations_client, short_line, english):
    avoidance = CreditBatchFactory(
        project=OffsetProjectFactory(offset_type=OffsetType.AVOIDANCE), vintage=2024
    )

    response = operations_client.post(schedule_url(short_line), {"batch": avoidance.pk})

    assert response.status_code == 400
    assert "not of the same kind" in response.content.decode()
    assert not Substitution.objects.exists()


@pytest.mark.parametrize("posted", [{}, {"batch": "x"}, {"batch": "999999"}])
def test_bad_input_is_a_400_never_a_server_error(
    operations_client, short_line, same_kind_batch, english, posted
):
    response = operations_client.post(schedule_url(short_line), posted)

    assert response.status_code == 400


def test_an_unknown_line_is_a_404(operations_client, short_line, english):
    url = reverse(
        "dashboard:substitution-schedule", kwargs={"number": short_line.order.number, "line_id": 999999}
    )

    assert operations_client.get(url).status_code == 404


def test_carrying_out_before_the_customer_was_told_is_refused_with_the_reason(
    operations_client, processors, short_line, same_kind_batch, english
):
    substitution = services.substitution_schedule(
        order_line=short_line, substitute_batch=same_kind_batch, scheduled_by=None
    )  # the notice is queued but, outside the commit, not sent

    response = operations_client.post(
        reverse("dashboard:substitution-carry-out", kwargs={"pk": substitution.pk}), follow=True
    )

    assert "notice has not been sent yet" in response.content.decode()
    assert not Allocation.objects.filter(order_line=short_line).exists()


def test_cancelling_needs_a_reason_and_is_logged(
    operations_client, processors, short_line, same_kind_batch, english, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        substitution = services.substitution_schedule(
            order_line=short_line, substitute_batch=same_kind_batch, scheduled_by=None
        )
    url = reverse("dashboard:substitution-cancel", kwargs={"pk": substitution.pk})

    refused = operations_client.post(url, {f"cancel-{substitution.pk}-reason": ""})
    cancelled = operations_client.post(
        url, {f"cancel-{substitution.pk}-reason": "Wrong batch chosen"}, follow=True
    )

    assert refused.status_code == 400 and "Give the reason for cancelling." in refused.content.decode()
    assert Substitution.objects.get().status == Substitution.Status.CANCELLED
    assert "Wrong batch chosen" in cancelled.content.decode()
    assert CertificateEvent.objects.filter(
        action="substitution_cancelled", staff=operations_client.user
    ).exists()


def test_staff_without_the_substitution_permission_are_refused(
    client, django_user_model, short_line, same_kind_batch, english
):
    user = django_user_model.objects.create_user(username="viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    verified_login(client, user)

    assert client.get(order_url(short_line)).status_code == 200
    assert client.post(schedule_url(short_line), {"batch": same_kind_batch.pk}).status_code == 403
    assert not Substitution.objects.exists()


def test_no_refund_appears_anywhere_on_the_page(operations_client, short_line, same_kind_batch, english):
    page = operations_client.get(order_url(short_line)).content.decode().lower()
    choose = operations_client.get(schedule_url(short_line)).content.decode().lower()

    assert "refund" not in page and "refund" not in choose
