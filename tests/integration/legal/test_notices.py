import pytest
from django.core import mail

from legal.documents.models import ChangeNotice
from legal.documents.tasks import change_notices_send
from tests.factories.legal import published_version

pytestmark = pytest.mark.django_db(transaction=True)  # notices are sent after commit


@pytest.fixture
def members(django_user_model):
    return [
        django_user_model.objects.create_user(f"m{n}", f"member{n}@example.jp", "pw-123456789")
        for n in range(3)
    ]


def test_a_new_terms_version_is_emailed_to_every_member_once(members, processors):
    published_version("terms")
    assert mail.outbox == []  # the first version is not a change

    v2 = published_version("terms", change_summary="第5条を改定", change_summary_en="Article 5 revised")

    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    message = mail.outbox[0]
    assert "[Offset Mart] Changes to our terms document" in message.subject
    assert message.subject.startswith("【Offset Mart】terms 文書改定のお知らせ")
    assert "第5条を改定" in message.body and "Article 5 revised" in message.body
    assert f"/legal/terms/v{v2.number}/" in message.body
    assert ChangeNotice.objects.filter(version=v2, emailed_at__isnull=False).count() == 3

    change_notices_send(v2.pk)  # a retry
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("kind", ["disclaimer", "governing-law", "site-policy", "cookies", "tokushoho"])
def test_changes_to_every_document_forming_part_of_the_terms_are_emailed(members, processors, kind):
    published_version(kind)
    assert mail.outbox == []

    v2 = published_version(kind)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert f"/legal/{kind}/v{v2.number}/" in mail.outbox[0].body
    assert ChangeNotice.objects.filter(version=v2, emailed_at__isnull=False).count() == 3
