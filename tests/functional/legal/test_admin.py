"""Legal editors draft, preview and publish in the admin; published versions are read-only."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse as reverse_ja
from django.utils import timezone, translation

from legal.documents.models import DocumentVersion, LegalDocument
from legal.staff.groups import LEGAL_EDITORS_GROUP
from tests.factories.legal import draft_version, published_version
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db


def reverse(name, args=None):
    with translation.override("en"):
        return reverse_ja(name, args=args)


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("ed", "editor@example.jp", "pw-123456789", is_staff=True)
    editor.groups.add(Group.objects.get(name=LEGAL_EDITORS_GROUP))
    verified_login(client, editor)
    return client


@pytest.fixture
def operations_client(client, django_user_model):
    staff = django_user_model.objects.create_user("ops", "ops@example.jp", "pw-123456789", is_staff=True)
    verified_login(client, staff)
    return client


def test_an_editor_drafts_and_publishes_a_version(editor_client):
    document = LegalDocument.objects.create(kind="terms")
    response = editor_client.post(
        reverse("admin:legal_documentversion_add"),
        {
            "document": document.pk,
            "title": "利用規約",
            "title_en": "Terms of Service",
            "body": "# 利用規約\n\n第1条",
            "body_en": "# Terms\n\nArticle 1",
            "effective_on": timezone.localdate().isoformat(),
            "is_material": "on",
        },
    )
    assert response.status_code == 302
    draft = DocumentVersion.objects.get()
    assert draft.status == "draft"

    editor_client.post(
        reverse("admin:legal_documentversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.is_material) == ("published", 1, True)


def test_a_published_version_is_read_only_in_the_admin(editor_client):
    version = published_version("terms", body="元の本文")
    change_url = reverse("admin:legal_documentversion_change", args=[version.pk])

    page = editor_client.get(change_url)
    post = editor_client.post(change_url, {"body": "書き換え", "title": "x"})
    delete = editor_client.post(
        reverse("admin:legal_documentversion_delete", args=[version.pk]), {"post": "yes"}
    )

    assert page.status_code == 200 and b'name="body"' not in page.content
    assert post.status_code == 403
    assert delete.status_code == 403
    version.refresh_from_db()
    assert version.body == "元の本文"


def test_editing_a_published_version_means_a_new_draft(editor_client):
    version = published_version("terms")

    editor_client.post(
        reverse("admin:legal_documentversion_changelist"),
        {"action": "new_draft", "_selected_action": [version.pk]},
    )

    assert DocumentVersion.objects.filter(status="draft", document=version.document).count() == 1


def test_staff_without_the_legal_permission_cannot_publish(operations_client):
    draft = draft_version("terms")

    response = operations_client.post(
        reverse("admin:legal_documentversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"
