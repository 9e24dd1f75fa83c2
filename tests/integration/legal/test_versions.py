import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from legal.documents import selectors, services
from legal.documents.exceptions import PublishedVersionLocked
from legal.documents.models import DocumentVersion
from tests.factories.legal import draft_version, published_version

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_publishing_numbers_versions_one_after_another():
    first = published_version("terms")
    second = published_version("terms")
    other_kind = published_version("privacy")

    assert (first.number, second.number, other_kind.number) == (1, 2, 1)
    assert first.published_at is not None and first.is_published


def test_a_draft_has_no_number_and_is_not_public():
    draft = draft_version("terms")

    assert draft.number is None
    assert selectors.version_in_force(kind="terms") is None
    assert list(selectors.versions_published(kind="terms")) == []


def test_a_published_version_cannot_be_changed_or_deleted():
    version = published_version("terms", body="# 規約\n\n元の本文\n")

    version.body = "書き換え"
    with pytest.raises(PublishedVersionLocked):
        version.save()
    with pytest.raises(PublishedVersionLocked):
        version.delete()
    with pytest.raises(PublishedVersionLocked):
        DocumentVersion.objects.filter(pk=version.pk).update(body="書き換え")
    with pytest.raises(PublishedVersionLocked):
        DocumentVersion.objects.filter(pk=version.pk).delete()

    version.refresh_from_db()
    assert version.body == "# 規約\n\n元の本文\n"


def test_publishing_twice_is_refused():
    version = published_version("terms")

    with pytest.raises(ValidationError):
        services.version_publish(version=version, user=None)


def test_editing_a_published_version_starts_a_new_draft():
    published = published_version("terms", body="v1 本文")

    draft = services.version_draft_from(version=published, user=None)
    draft.body = "v2 本文"
    draft.save()

    published.refresh_from_db()
    assert published.body == "v1 本文"
    assert draft.number is None and draft.status == DocumentVersion.Status.DRAFT


def test_a_version_with_a_later_date_is_upcoming_until_that_day():
    current = published_version("terms", effective_on=TODAY - datetime.timedelta(days=30))
    upcoming = published_version("terms", effective_on=TODAY + datetime.timedelta(days=30))

    assert selectors.version_in_force(kind="terms") == current
    assert selectors.version_upcoming(kind="terms") == upcoming
    assert selectors.version_in_force(kind="terms", on=TODAY + datetime.timedelta(days=30)) == upcoming


def test_acceptance_of_a_draft_is_refused():
    with pytest.raises(ValidationError):
        services.acceptances_record(versions=[draft_version("terms")], context="checkout", email="a@b.jp")
