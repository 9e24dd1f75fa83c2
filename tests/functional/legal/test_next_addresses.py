"""Forms that send the visitor back (`next`): a bare word or a foreign address is never a crash."""

import pytest

from legal.documents.models import ChangeNotice
from tests.factories.legal import accepted_set, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client, django_user_model):
    user = django_user_model.objects.create_user("m", "member@example.jp", "pw-123456789")
    client.force_login(user)
    return user


# "home" and "foo" are not addresses; Django's redirect() would try them as URL names.
@pytest.mark.parametrize("next_url", ["home", "foo", "legal:accept", "https://evil.example/"])
def test_the_accept_page_sends_back_safely(client, member, next_url):
    response = client.post("/legal/accept/", {"next": next_url})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("next_url", ["home", "foo", "https://evil.example/"])
def test_dismissing_a_notice_sends_back_safely(client, member, next_url):
    accepted_set()
    notice = ChangeNotice.objects.create(version=published_version("terms"), user=member)

    response = client.post(f"/legal/notices/{notice.pk}/seen/", {"next": next_url})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
