"""The certificates section of the Oscar dashboard, as operations staff use it."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.apps.dashboard.menu import get_nodes
from oscar.core.loading import get_model

from legal.staff.groups import OPERATIONS_STAFF_GROUP
from offsets import services
from offsets.models import Certificate, CertificateBulkRun, CertificateEvent, Retirement
from tests.factories import certificates as certificate_factories
from tests.factories.offsets import CreditBatchFactory
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


def paid_order(batch, tonnes: int = 3, *, days_ago: int = 0, beneficiary: str = "株式会社テスト"):
    return certificate_factories.paid_order(batch, tonnes, beneficiary, days_ago=days_ago)


def retired_order(batch, tonnes: int = 3, **kwargs):
    order = paid_order(batch, tonnes, **kwargs)
    services.order_retirement_record(
        order=order,
        entries=[
            services.RetirementEntry(
                allocation_id=allocation.pk,
                registry_reference=f"JC-RET-{allocation.pk}",
                retired_on=timezone.localdate(),
                serial_first=allocation.serial_first,
                serial_last=allocation.serial_last,
            )
            for allocation in allocations_of(order)
        ],
        recorded_by=None,
    )
    order.refresh_from_db()
    return order


def allocations_of(order):
    return [allocation for line in order.lines.all() for allocation in line.credit_allocations.all()]


def certified_order(batch, django_capture_on_commit_callbacks, **kwargs):
    order = retired_order(batch, **kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(order=order, requested_by=None)
    certificate.refresh_from_db()
    return order, certificate


def queue_numbers(response) -> list[str]:
    return [order.number for order in response.context["orders"]]


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def url(name: str, **kwargs) -> str:
    return reverse(f"dashboard:{name}", kwargs=kwargs or None)


@pytest.fixture
def operations_client(client, django_user_model):
    """A staff member in the "Operations staff" group, not a superuser."""
    user = django_user_model.objects.create_user(
        username="hanako", email="hanako@offsetmart.example", password="x", is_staff=True
    )
    user.first_name, user.last_name = "Hanako", "Sato"
    user.save()
    user.groups.add(Group.objects.get(name=OPERATIONS_STAFF_GROUP))
    verified_login(client, user)
    client.user = user
    return client


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user(username="taro", email="taro@example.com", password="x")


# --- Access ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_dashboard_login(client, english):
    response = client.get(url("certificate-queue"))

    assert response.status_code == 302
    assert "/dashboard/login/" in response["Location"]


@pytest.mark.parametrize(
    "name, kwargs, method",
    [
        ("certificate-queue", {}, "get"),
        ("certificate-list", {}, "get"),
        ("certificate-order", {"number": "100001"}, "get"),
        ("certificate-issue", {"number": "100001"}, "post"),
        ("certificate-bulk-issue", {}, "post"),
        ("certificate-run-progress", {"pk": 1}, "get"),
    ],
)
def test_a_customer_is_refused_every_certificates_page(client, customer, english, name, kwargs, method):
    client.force_login(customer)

    response = getattr(client, method)(url(name, **kwargs))

    assert response.status_code == 403


def test_a_customer_does_not_see_the_certificates_menu(customer, english):
    labels = [str(node.label) for node in get_nodes(customer)]

    assert "Certificates" not in labels


def test_an_operations_staff_member_sees_the_menu_and_the_queue(operations_client, english):
    batch = CreditBatchFactory()
    order = paid_order(batch)

    nodes = {str(node.label): node for node in get_nodes(operations_client.user)}
    response = operations_client.get(url("certificate-queue"))

    assert [child.url for child in nodes["Certificates"].children] == [
        url("certificate-queue"),
        url("certificate-list"),
    ]
    assert response.status_code == 200
    assert queue_numbers(response) == [order.number]


def test_a_staff_member_without_the_certificate_permission_is_refused(client, django_user_model, english):
    clerk = django_user_model.objects.create_user(
        username="clerk", email="c@example.com", password="x", is_staff=True
    )
    verified_login(client, clerk)

    response = client.get(url("certificate-queue"))

    assert response.status_code == 403
    assert "Certificates" not in [str(node.label) for node in get_nodes(clerk)]


# --- Queue -------------------------------------------------------------------------------


def test_the_queue_lists_paid_and_retired_orders_but_not_certified_ones(
    staff_client, processors, django_capture_on_commit_callbacks, english
):
    batch = CreditBatchFactory()
    paid = paid_order(batch, days_ago=2)
    retired = retired_order(batch, days_ago=1)
    certified, certificate = certified_order(batch, django_capture_on_commit_callbacks)
    assert certificate.status == Certificate.Status.VALID

    response = staff_client.get(url("certificate-queue"))

    assert response.status_code == 200
    assert queue_numbers(response) == [paid.number, retired.number]
    page = response.content.decode()
    assert url("certificate-order", number=paid.number) in page
    first, last = allocations_of(paid)[0].serial_first, allocations_of(paid)[0].serial_last
    assert f"{batch.serial_prefix} {first}–{last}" in page
    assert batch.project.name_en in page
    assert "株式会社テスト" in page
    assert certified.number not in page


@pytest.mark.parametrize("filter_name", ["project", "batch", "age", "status"])
def test_the_queue_filters(staff_client, english, filter_name):
    forest, wind = CreditBatchFactory(), CreditBatchFactory()
    wanted = retired_order(forest, days_ago=10)
    other = paid_order(wind, days_ago=0)
    params = {
        "project": {"project": forest.project.pk},
        "batch": {"batch": forest.pk},
        "age": {"age": "7"},
        "status": {"status": "retired"},
    }[filter_name]

    unfiltered = staff_client.get(url("certificate-queue"))
    filtered = staff_client.get(url("certificate-queue"), params)

    assert sorted(queue_numbers(unfiltered)) == sorted([wanted.number, other.number])
    assert queue_numbers(filtered) == [wanted.number]


def test_the_queue_counts_the_work_waiting(
    staff_client, processors, django_capture_on_commit_callbacks, english
):
    batch = CreditBatchFactory()
    paid_order(batch)
    paid_order(batch)
    retired_order(batch)
    certified_order(batch, django_capture_on_commit_callbacks)
    waiting = retired_order(batch)
    with django_capture_on_commit_callbacks(execute=True):
        pending = services.certificate_issue(order=waiting, requested_by=None)
    Certificate.objects.filter(pk=pending.pk).update(
        status=Certificate.Status.PENDING, waiting_reason="No processor for certificate issuance."
    )

    response = staff_client.get(url("certificate-queue"))

    counts = response.context["counts"]
    assert (counts.awaiting_retirement, counts.retired_awaiting_certificate) == (2, 1)
    assert (counts.waiting_for_registry, counts.issued_recently) == (1, 2)
    page = response.content.decode()
    assert re.search(r'id="count-awaiting-retirement">2<', page)
    assert re.search(r'id="count-waiting-for-registry">1<', page)


def test_the_queue_takes_as_many_queries_for_eight_orders_as_for_two(staff_client, english):
    batch = CreditBatchFactory()
    for _ in range(2):
        retired_order(batch)
    with CaptureQueriesContext(connection) as two:
        assert len(queue_numbers(staff_client.get(url("certificate-queue")))) == 2
    for _ in range(6):
        paid_order(CreditBatchFactory())

    with CaptureQueriesContext(connection) as eight:
        assert len(queue_numbers(staff_client.get(url("certificate-queue")))) == 8

    assert len(eight.captured_queries) == len(two.captured_queries)


# --- Order page: retirement --------------------------------------------------------------


def retirement_post(order, **row):
    allocation = allocations_of(order)[0]
    data = {
        "retire-TOTAL_FORMS": "1",
        "retire-INITIAL_FORMS": "1",
        "retire-0-allocation_id": str(allocation.pk),
        "retire-0-record": "on",
        "retire-0-registry_reference": "JC-CANCEL-2026-0042",
        "retire-0-retired_on": timezone.localdate().isoformat(),
        "retire-0-serial_first": str(allocation.serial_first),
        "retire-0-serial_last": str(allocation.serial_last),
    }
    data.update({f"retire-0-{field}": value for field, value in row.items()})
    return data


def test_the_order_page_prefills_the_retirement_with_the_sold_serials(staff_client, english):
    order = paid_order(CreditBatchFactory(), 5)
    allocation = allocations_of(order)[0]

    response = staff_client.get(url("certificate-order", number=order.number))

    assert response.status_code == 200
    form = response.context["retirement_formset"].forms[0]
    assert form["serial_first"].value() == allocation.serial_first
    assert form["serial_last"].value() == allocation.serial_last
    assert form["retired_on"].value() == timezone.localdate()


def test_recording_the_retirement_retires_the_order(operations_client, english):
    order = paid_order(CreditBatchFactory(), 5)

    response = operations_client.post(
        url("certificate-retire", number=order.number), retirement_post(order), follow=True
    )

    assert response.status_code == 200
    retirement = Retirement.objects.get(allocation__order_line__order=order)
    assert retirement.registry_reference == "JC-CANCEL-2026-0042"
    assert retirement.recorded_by == operations_client.user
    order.refresh_from_db()
    assert order.status == "retired"
    assert any("Recorded 1 registry retirement for order" in message for message in page_messages(response))
    assert "JC-CANCEL-2026-0042" in response.content.decode()


@pytest.mark.parametrize(
    "row, message",
    [
        ({"serial_first": "1", "serial_last": "2"}, "must retire exactly the serials sold on this line"),
        ({"serial_first": "abc"}, "Enter a whole number."),
        ({"retired_on": "2999-01-01"}, "cannot be in the future"),
        ({"retired_on": "yesterday"}, "Enter a valid date."),
        ({"registry_reference": ""}, "retirement reference."),
    ],
)
def test_a_wrong_retirement_is_refused_with_the_reason_and_records_nothing(
    staff_client, english, row, message
):
    batch = CreditBatchFactory(serial_first=1001, serial_last=2000)
    order = paid_order(batch, 5)

    response = staff_client.post(
        url("certificate-retire", number=order.number), retirement_post(order, **row)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Retirement.objects.exists()
    order.refresh_from_db()
    assert order.status == "paid"


def test_an_unknown_order_number_is_not_found(staff_client, english):
    assert staff_client.get(url("certificate-order", number="999999")).status_code == 404
    assert staff_client.post(url("certificate-retire", number="999999"), {}).status_code == 404
    assert staff_client.post(url("certificate-issue", number="999999")).status_code == 404


# --- Order page: certificates ------------------------------------------------------------


def test_issuing_from_the_order_page_gives_a_valid_certificate_and_twice_is_refused(
    operations_client, processors, django_capture_on_commit_callbacks, english
):
    order = retired_order(CreditBatchFactory())

    with django_capture_on_commit_callbacks(execute=True):
        first = operations_client.post(url("certificate-issue", number=order.number))
    page = operations_client.get(url("certificate-order", number=order.number))
    again = operations_client.post(url("certificate-issue", number=order.number), follow=True)

    assert first.status_code == 302
    certificate = Certificate.objects.get(order=order)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.requested_by == operations_client.user
    order.refresh_from_db()
    assert order.status == "certificate issued"
    assert certificate.number in page.content.decode()
    pdf_url = reverse("offsets:certificate-pdf", kwargs={"number": certificate.number})
    assert f'href="{pdf_url}" class="btn btn-secondary btn-sm pdf-link"' in page.content.decode()
    download = operations_client.get(pdf_url)
    assert (download.status_code, download["Content-Type"]) == (200, "application/pdf")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert any("already has a certificate" in message for message in page_messages(again))
    assert Certificate.objects.filter(order=order).count() == 1


def test_issuing_before_retirement_is_refused_with_the_reason(staff_client, processors, english):
    order = paid_order(CreditBatchFactory())

    response = staff_client.post(url("certificate-issue", number=order.number), follow=True)

    assert any("cannot be certified yet" in message for message in page_messages(response))
    assert not Certificate.objects.filter(order=order).exists()


def test_a_waiting_certificate_shows_why(staff_client, django_capture_on_commit_callbacks, english):
    order = retired_order(CreditBatchFactory())
    with django_capture_on_commit_callbacks(execute=True):  # no processors registered: it must wait
        staff_client.post(url("certificate-issue", number=order.number))

    response = staff_client.get(url("certificate-order", number=order.number))

    certificate = Certificate.objects.get(order=order)
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.waiting_reason
    assert "Waiting" in response.content.decode()


def test_the_certificate_email_shows_whether_it_was_sent_or_why_it_waits(
    staff_client, processors, django_capture_on_commit_callbacks, english
):
    from legal.processors import services as legal_services
    from legal.processors.models import ProcessorRole

    sent_order, held_order = retired_order(CreditBatchFactory()), retired_order(CreditBatchFactory())
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url("certificate-issue", number=sent_order.number))
    delivery = processors[ProcessorRole.DELIVERY]
    delivery.is_active = False
    legal_services.processor_save(processor=delivery, changed_by=None)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url("certificate-issue", number=held_order.number))

    sent = staff_client.get(url("certificate-order", number=sent_order.number)).content.decode()
    held = staff_client.get(url("certificate-order", number=held_order.number)).content.decode()

    assert f"E-mailed to {sent_order.email}" in sent
    assert "E-mail not sent yet" in held and f"{delivery.name} is inactive" in held
    assert Certificate.objects.get(order=held_order).status == Certificate.Status.VALID


def test_reissuing_supersedes_the_certificate_and_links_the_two(
    operations_client, processors, django_capture_on_commit_callbacks, english
):
    order, certificate = certified_order(CreditBatchFactory(), django_capture_on_commit_callbacks)
    prefix = f"reissue-{certificate.pk}"

    with django_capture_on_commit_callbacks(execute=True):
        response = operations_client.post(
            url("certificate-reissue", pk=certificate.pk),
            {
                f"{prefix}-beneficiary_name": "株式会社テスト商事",
                f"{prefix}-offset_purpose": "",
                f"{prefix}-note": "誤字",
            },
        )
    page = operations_client.get(url("certificate-order", number=order.number)).content.decode()

    assert response.status_code == 302
    certificate.refresh_from_db()
    replacement = certificate.superseded_by
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert (replacement.status, replacement.beneficiary_name) == (
        Certificate.Status.VALID,
        "株式会社テスト商事",
    )
    assert f'href="#certificate-{replacement.pk}" class="superseded-by">{replacement.number}</a>' in page


def test_reissuing_without_a_beneficiary_is_refused(
    staff_client, processors, django_capture_on_commit_callbacks, english
):
    _order, certificate = certified_order(CreditBatchFactory(), django_capture_on_commit_callbacks)
    prefix = f"reissue-{certificate.pk}"

    response = staff_client.post(
        url("certificate-reissue", pk=certificate.pk), {f"{prefix}-beneficiary_name": " "}
    )

    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert "This field is required." in response.content.decode()


def test_revoking_needs_a_reason(staff_client, processors, django_capture_on_commit_callbacks, english):
    order, certificate = certified_order(CreditBatchFactory(), django_capture_on_commit_callbacks)
    field = f"revoke-{certificate.pk}-reason"

    refused = staff_client.post(url("certificate-revoke", pk=certificate.pk), {field: "  "})
    certificate.refresh_from_db()
    status_after_refusal = certificate.status
    revoked = staff_client.post(
        url("certificate-revoke", pk=certificate.pk), {field: "Chargeback"}, follow=True
    )

    assert refused.status_code == 400
    assert "Give the reason for revoking the certificate." in refused.content.decode()
    assert status_after_refusal == Certificate.Status.VALID
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_reason) == (Certificate.Status.REVOKED, "Chargeback")
    assert any(f"{certificate.number} is revoked" in message for message in page_messages(revoked))


def test_the_event_log_shows_who_did_what(
    operations_client, processors, django_capture_on_commit_callbacks, english
):
    order = paid_order(CreditBatchFactory())
    operations_client.post(url("certificate-retire", number=order.number), retirement_post(order))
    with django_capture_on_commit_callbacks(execute=True):
        operations_client.post(url("certificate-issue", number=order.number))

    response = operations_client.get(url("certificate-order", number=order.number))

    events = response.context["events"]
    assert [event.action for event in events] == [
        CertificateEvent.Action.ISSUED,
        CertificateEvent.Action.ISSUE_REQUESTED,
        CertificateEvent.Action.RETIREMENT_RECORDED,
    ]
    rows = re.findall(
        r"<tr>\s*<td>[^<]*</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>", response.content.decode()
    )
    assert ("Hanako Sato", "Registry retirement recorded") in rows
    assert ("Hanako Sato", "Issuance requested") in rows


# --- Bulk issuance ------------------------------------------------------------------------


def test_bulk_issuing_three_orders_runs_to_done(
    operations_client, processors, django_capture_on_commit_callbacks, english
):
    batch = CreditBatchFactory()
    orders = [retired_order(batch) for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        response = operations_client.post(
            url("certificate-bulk-issue"), {"orders": [order.pk for order in orders]}
        )
    run = CertificateBulkRun.objects.get()
    page = operations_client.get(url("certificate-run", pk=run.pk))
    progress = operations_client.get(url("certificate-run-progress", pk=run.pk)).json()

    assert response["Location"] == url("certificate-run", pk=run.pk)
    assert (run.status, run.total, run.issued, run.refused) == (CertificateBulkRun.Status.DONE, 3, 3, 0)
    assert Certificate.objects.filter(order__in=orders, status=Certificate.Status.VALID).count() == 3
    assert progress == {
        "status": "done",
        "done": True,
        "total": 3,
        "issued": 3,
        "refused": 0,
        "processed": 3,
        "percent": 100,
        "problems": [],
    }
    assert "100 %" in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()


def test_a_running_bulk_issuance_refreshes_itself_and_lists_its_problems(staff_client, english):
    run = CertificateBulkRun.objects.create(
        order_ids=[1, 2, 3, 4],
        total=4,
        issued=1,
        refused=1,
        problems=[{"order": "100007", "reason": "Order 100007 cannot be certified yet"}],
        status=CertificateBulkRun.Status.RUNNING,
    )

    page = staff_client.get(url("certificate-run", pk=run.pk)).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in page
    assert "50 %" in page
    assert "Order 100007 cannot be certified yet" in page


def test_bulk_issuing_with_nothing_ticked_says_so(staff_client, english):
    response = staff_client.post(url("certificate-bulk-issue"), {}, follow=True)

    assert any("Choose at least one order." in message for message in page_messages(response))
    assert not CertificateBulkRun.objects.exists()


# --- Certificate list ---------------------------------------------------------------------


def test_the_certificate_list_filters_by_status_and_searches_by_number(
    staff_client, processors, django_capture_on_commit_callbacks, english
):
    batch = CreditBatchFactory()
    _first_order, revoked = certified_order(batch, django_capture_on_commit_callbacks)
    services.certificate_revoke(certificate=revoked, reason="Chargeback", revoked_by=None)
    second_order, valid = certified_order(batch, django_capture_on_commit_callbacks)

    by_status = staff_client.get(url("certificate-list"), {"status": "revoked"})
    by_order = staff_client.get(url("certificate-list"), {"q": second_order.number})
    by_number = staff_client.get(url("certificate-list"), {"q": revoked.number})

    assert [c.number for c in by_status.context["certificates"]] == [revoked.number]
    assert [c.number for c in by_order.context["certificates"]] == [valid.number]
    assert [c.number for c in by_number.context["certificates"]] == [revoked.number]


def test_bad_posts_are_answered_with_a_4xx_not_a_server_error(
    staff_client, processors, django_capture_on_commit_callbacks, english
):
    order, certificate = certified_order(CreditBatchFactory(), django_capture_on_commit_callbacks)
    services.certificate_revoke(certificate=certificate, reason="Chargeback", revoked_by=None)
    unretired = paid_order(CreditBatchFactory())

    tampered = staff_client.post(
        url("certificate-retire", number=unretired.number), {"retire-TOTAL_FORMS": "x"}
    )
    revoked_again = staff_client.post(
        url("certificate-revoke", pk=certificate.pk), {f"revoke-{certificate.pk}-reason": "Again"}
    )
    unknown_certificate = staff_client.post(url("certificate-reissue", pk=999999), {})
    unknown_run = staff_client.get(url("certificate-run-progress", pk=999999))

    assert tampered.status_code == 400
    assert revoked_again.status_code == 400
    assert "Only a valid certificate can be revoked" in revoked_again.content.decode()
    assert (unknown_certificate.status_code, unknown_run.status_code) == (404, 404)
    assert not Retirement.objects.filter(allocation__order_line__order=unretired).exists()


def test_the_pages_answer_in_japanese_by_default(staff_client):
    order = paid_order(CreditBatchFactory())

    queue = staff_client.get("/dashboard/certificates/")
    order_page = staff_client.get(f"/dashboard/certificates/order/{order.number}/")

    assert (queue.status_code, order_page.status_code) == (200, 200)
    assert '<html lang="ja"' in queue.content.decode()
    assert queue_numbers(queue) == [order.number]
