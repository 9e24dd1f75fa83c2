"""The staff access log: what an entry keeps, that it is never changed, and the retention purge."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from common.records import AppendOnlyRecordLocked
from legal.staff.access_log import staff_access_record
from legal.staff.models import AccessAction, StaffAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("aoi", "aoi@offsetmart.example", "pw", is_staff=True)
    user.first_name, user.last_name = "Aoi", "Kato"
    user.save()
    return user


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("taro", "taro@example.jp", "pw")


def entry(staff, **kwargs) -> StaffAccess:
    return staff_access_record(staff=staff, action=AccessAction.VIEW_CUSTOMER, **kwargs)


def test_an_entry_keeps_who_saw_whose_data_and_where(staff, customer):
    request = RequestFactory().get("/dashboard/users/7/?tab=orders")
    request.user = staff

    access = staff_access_record(
        staff=None,
        action=AccessAction.VIEW_CUSTOMER,
        subject_user=customer,
        target="customer 7",
        request=request,
    )

    access.refresh_from_db()
    assert access.staff == staff
    assert (access.staff_name, access.staff_email) == ("Aoi Kato", "aoi@offsetmart.example")
    assert access.subject_user == customer
    assert access.subject_email == "taro@example.jp"  # from the member when not given
    assert access.target == "customer 7"
    assert access.path == "/dashboard/users/7/?tab=orders"
    assert access.accessed_at is not None


def test_long_descriptions_are_cut_to_fit_not_refused(staff):
    access = entry(staff, target="x" * 5000)

    assert len(access.target) == StaffAccess._meta.get_field("target").max_length


@pytest.mark.parametrize("action", ["", "peek", "VIEW_CUSTOMER"])
def test_an_unknown_action_is_refused(staff, action):
    with pytest.raises(ValueError):
        staff_access_record(staff=staff, action=action)

    assert not StaffAccess.objects.exists()


def test_an_anonymous_visitor_is_no_staff_member():
    with pytest.raises(ValueError):
        staff_access_record(staff=AnonymousUser(), action=AccessAction.VIEW_ORDER)


@pytest.mark.parametrize(
    "action",
    [AccessAction.VIEW_EXPORT, AccessAction.VIEW_IDENTITY_DOCUMENT, AccessAction.DOWNLOAD_CERTIFICATE],
)
def test_the_actions_other_parts_of_the_shop_record_exist(staff, action):
    assert staff_access_record(staff=staff, action=action, subject_email="x@example.jp").action == action


def test_the_log_cannot_be_changed_or_deleted_through_the_orm(staff, customer):
    access = entry(staff, subject_user=customer)

    with pytest.raises(AppendOnlyRecordLocked):
        StaffAccess.objects.filter(pk=access.pk).update(subject_email="someone-else@example.jp")
    with pytest.raises(AppendOnlyRecordLocked):
        StaffAccess.objects.all().delete()
    access.target = "nothing to see"
    with pytest.raises(AppendOnlyRecordLocked):
        access.save()
    with pytest.raises(AppendOnlyRecordLocked):
        access.delete()
    with pytest.raises(AppendOnlyRecordLocked), transaction.atomic():  # bulk_update opens no savepoint
        StaffAccess.objects.bulk_update([access], ["target"])
    kept = StaffAccess.objects.get(pk=access.pk)
    assert (kept.target, kept.subject_email) == ("", "taro@example.jp")


def test_removing_a_staff_account_keeps_the_entry_with_the_name(staff, customer):
    access = entry(staff, subject_user=customer)

    staff.delete()
    customer.delete()

    access.refresh_from_db()
    assert access.staff is None and access.subject_user is None
    assert (access.staff_name, access.subject_email) == ("Aoi Kato", "taro@example.jp")


def _entry_at(staff, moment: datetime.datetime) -> StaffAccess:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return entry(staff)


def test_the_retention_purge_deletes_only_entries_older_than_the_period(staff, settings):
    now = timezone.now()
    old = _entry_at(staff, now - datetime.timedelta(days=400))
    recent = _entry_at(staff, now - datetime.timedelta(days=300))

    assert StaffAccess.objects.purge_older_than(365) == 1

    assert list(StaffAccess.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not StaffAccess.objects.filter(pk=old.pk).exists()


def test_the_personal_data_purge_applies_the_access_log_retention_period(staff, settings):
    from legal.privacy.services import personal_data_purge

    settings.PERSONAL_DATA_RETENTION_DAYS = {**settings.PERSONAL_DATA_RETENTION_DAYS, "staff_access_log": 30}
    now = timezone.now()
    _entry_at(staff, now - datetime.timedelta(days=31))
    kept = _entry_at(staff, now - datetime.timedelta(days=29))

    personal_data_purge()

    assert list(StaffAccess.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.parametrize("days", [0, -1])
def test_a_purge_of_everything_is_refused(staff, days):
    entry(staff)

    with pytest.raises(ValueError):
        StaffAccess.objects.purge_older_than(days)

    assert StaffAccess.objects.count() == 1
