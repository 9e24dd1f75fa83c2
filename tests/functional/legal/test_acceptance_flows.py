"""Registration records the accepted versions; members see change notices and re-accept."""

import pytest
from django.contrib.auth import get_user_model

from legal.documents import services
from legal.documents.forms import version_ids_token
from legal.documents.models import Acceptance, ChangeNotice
from tests.factories.legal import accepted_set, published_version

pytestmark = pytest.mark.django_db
User = get_user_model()


def registration(versions, **changes):
    form = {
        "email": "new@example.jp",
        "password1": "a-long-passphrase-42",
        "password2": "a-long-passphrase-42",
        "accept_legal": "on",
        "legal_versions": version_ids_token(versions),
    }
    form.update(changes)
    return form


def test_registration_records_each_accepted_version(client):
    versions = accepted_set()

    response = client.post("/en/accounts/register/", registration(versions))

    assert response.status_code == 302
    member = User.objects.get(email="new@example.jp")
    acceptances = Acceptance.objects.filter(user=member)
    assert {a.version for a in acceptances} == set(versions)
    assert {a.context for a in acceptances} == {Acceptance.Context.REGISTRATION}


def test_the_registration_page_links_the_versions_to_accept(client):
    accepted_set()

    page = client.get("/en/accounts/register/").content.decode()

    assert 'href="/en/legal/terms/v1/"' in page
    assert 'href="/en/legal/privacy/v1/"' in page
    assert 'href="/en/legal/disclaimer/v1/"' in page


def test_registration_without_acceptance_is_refused(client):
    versions = accepted_set()

    response = client.post("/en/accounts/register/", registration(versions, accept_legal=""))

    assert response.status_code == 200
    assert "Please accept the terms of service" in response.content.decode()
    assert not User.objects.filter(email="new@example.jp").exists()


def test_registration_against_versions_changed_meanwhile_is_refused(client):
    versions = accepted_set()
    published_version("terms")  # published while the form was open

    response = client.post("/en/accounts/register/", registration(versions))

    assert response.status_code == 200
    assert "Our terms changed while you were registering" in response.content.decode()
    assert not User.objects.filter(email="new@example.jp").exists()


def test_the_combined_login_page_also_records_acceptance(client):
    versions = accepted_set()
    form = {f"registration-{k}": v for k, v in registration(versions).items()}

    response = client.post("/en/accounts/login/", {**form, "registration_submit": "Register"})

    assert response.status_code == 302
    assert Acceptance.objects.filter(user__email="new@example.jp").count() == 3


@pytest.fixture
def member(client, django_user_model):
    versions = accepted_set()
    user = django_user_model.objects.create_user("m", "member@example.jp", "pw-123456789")
    services.acceptances_record(versions=versions, context="registration", user=user)
    client.force_login(user)
    return user


def test_a_member_sees_a_notice_of_a_new_version_until_dismissed(client, member):
    v2 = published_version("terms", title_en="Terms of Service")
    ChangeNotice.objects.create(version=v2, user=member)  # what the notice task writes

    page = client.get("/en/").content.decode()
    assert "We have changed our Terms of Service (version 2" in page

    notice = ChangeNotice.objects.get(user=member)
    client.post(f"/en/legal/notices/{notice.pk}/seen/", {"next": "/en/"})
    assert "We have changed our" not in client.get("/en/").content.decode()


def test_another_members_notice_cannot_be_dismissed(client, member, django_user_model):
    other = django_user_model.objects.create_user("o", "other@example.jp", "pw-123456789")
    notice = ChangeNotice.objects.create(version=published_version("terms"), user=other)

    assert client.post(f"/legal/notices/{notice.pk}/seen/").status_code == 404


def test_a_member_accepts_a_material_change(client, member):
    v2 = published_version("terms", is_material=True)

    page = client.get("/en/legal/accept/").content.decode()
    assert 'href="/en/legal/terms/v2/"' in page

    refused = client.post("/en/legal/accept/", {"versions": version_ids_token([v2])})
    assert refused.status_code == 400
    response = client.post("/en/legal/accept/", {"accept": "on", "versions": version_ids_token([v2])})

    assert response.status_code == 302
    assert Acceptance.objects.filter(user=member, version=v2, context="reacceptance").exists()


def test_the_accept_page_needs_a_login(client):
    assert client.get("/legal/accept/").status_code == 302


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_without_a_next_address_accepting_and_dismissing_lead_home_in_the_same_language(
    client, member, prefix
):
    # given a material change to accept and a notice to dismiss, on pages that named no next address
    v2 = published_version("terms", is_material=True)
    notice = ChangeNotice.objects.create(version=v2, user=member)

    accepted = client.post(f"{prefix}/legal/accept/", {"accept": "on", "versions": version_ids_token([v2])})
    dismissed = client.post(f"{prefix}/legal/notices/{notice.pk}/seen/")

    # then each goes to the home page of the language the member was reading
    assert (accepted.status_code, accepted["Location"]) == (302, f"{prefix}/")
    assert (dismissed.status_code, dismissed["Location"]) == (302, f"{prefix}/")
