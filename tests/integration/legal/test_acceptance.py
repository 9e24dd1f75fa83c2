import datetime

import pytest
from django.utils import timezone
from oscar.test.factories import create_order

from legal.documents import selectors, services
from legal.documents.models import Acceptance
from tests.factories.legal import accepted_set, published_version

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_checkout_records_the_versions_accepted_with_the_order(django_user_model):
    versions = accepted_set()
    customer = django_user_model.objects.create_user("buyer", "buyer@example.jp", "pw-123456789")
    order = create_order(user=customer)

    services.order_acceptances_record(order=order, versions=versions, user=customer, email=customer.email)

    recorded = Acceptance.objects.filter(order=order)
    assert {a.version for a in recorded} == set(versions)
    assert {a.context for a in recorded} == {Acceptance.Context.CHECKOUT}
    assert all(a.email == "buyer@example.jp" and a.user == customer for a in recorded)


def test_a_guest_order_keeps_the_guest_email():
    versions = accepted_set()
    order = create_order()

    services.order_acceptances_record(order=order, versions=versions, user=None, email="guest@example.jp")

    assert set(order.legal_acceptances.values_list("email", flat=True)) == {"guest@example.jp"}
    assert order.legal_acceptances.filter(user__isnull=True).count() == 3


def test_the_versions_to_accept_are_those_in_force():
    old_terms = published_version("terms", effective_on=TODAY - datetime.timedelta(days=10))
    published_version("terms", effective_on=TODAY + datetime.timedelta(days=10))  # upcoming
    privacy = published_version("privacy")

    assert selectors.versions_to_accept() == [old_terms, privacy]


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("m", "member@example.jp", "pw-123456789")


def test_no_reacceptance_when_the_member_accepted_the_material_version(member):
    services.acceptances_record(versions=accepted_set(), context="registration", user=member)

    assert selectors.reacceptance_required(user=member) == []


def test_a_material_change_in_force_requires_acceptance_again(member):
    services.acceptances_record(versions=accepted_set(), context="registration", user=member)
    terms_v2 = published_version("terms", is_material=True)

    assert selectors.reacceptance_required(user=member) == [terms_v2]

    services.acceptances_record(versions=[terms_v2], context="reacceptance", user=member)
    assert selectors.reacceptance_required(user=member) == []


def test_a_minor_change_does_not_require_acceptance(member):
    services.acceptances_record(versions=accepted_set(), context="registration", user=member)
    published_version("privacy", is_material=False)

    assert selectors.reacceptance_required(user=member) == []


def test_a_material_change_not_yet_in_force_does_not_block_purchases(member, monkeypatch):
    services.acceptances_record(versions=accepted_set(), context="registration", user=member)
    in_a_week = TODAY + datetime.timedelta(days=7)
    terms_v2 = published_version("terms", is_material=True, effective_on=in_a_week)

    assert selectors.reacceptance_required(user=member) == []

    # The day it comes into force, with nobody doing anything:
    monkeypatch.setattr(selectors, "_today", lambda: in_a_week)
    assert selectors.reacceptance_required(user=member) == [terms_v2]


def test_guests_have_nothing_to_reaccept(client):
    accepted_set()
    published_version("terms", is_material=True)

    from django.contrib.auth.models import AnonymousUser

    assert selectors.reacceptance_required(user=AnonymousUser()) == []
