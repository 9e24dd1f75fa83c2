"""Members close their account (退会) from the profile page; the register decides what goes and what stays."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from oscar.core.loading import get_model

from legal.documents.models import Acceptance
from legal.privacy.models import WithdrawalRecord
from legal.processors.models import ProvisionRecord
from tests.factories.privacy import MEMBER_EMAIL, MEMBER_PASSWORD, populated_member

pytestmark = pytest.mark.django_db
User = get_user_model()
Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")

WITHDRAW = "/en/accounts/profile/delete/"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(processors, client):
    populated = populated_member()
    client.force_login(populated.user)
    return populated


def test_the_page_says_what_goes_now_and_what_the_law_keeps(client, member):
    page = client.get(WITHDRAW).content.decode()

    deleted = page[page.index('id="withdrawal-deleted"') : page.index('id="withdrawal-kept"')]
    kept = page[page.index('id="withdrawal-kept"') :]
    assert "Your account (1)" in deleted and "Saved addresses (1)" in deleted and "Wish lists (1)" in deleted
    assert "Orders (1)" in kept and "kept 7 years" in kept
    hand_overs = ProvisionRecord.objects.filter(subject_user=member.user).count()
    assert hand_overs >= 3
    assert f"Hand-overs to processors and registry operators ({hand_overs})" in kept
    assert "kept 3 years" in kept
    assert 'href="/en/accounts/privacy/my-data/"' in page


def test_a_wrong_password_closes_nothing(client, member):
    response = client.post(WITHDRAW, {"password": "not-my-password"})

    assert response.status_code == 200
    assert User.objects.filter(pk=member.user.pk).exists()
    assert UserAddress.objects.filter(user=member.user).exists()
    assert not WithdrawalRecord.objects.exists()


def test_closing_the_account_deletes_it_keeps_the_order_and_signs_out(
    client, member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WITHDRAW, {"password": MEMBER_PASSWORD}, follow=True)

    assert response.redirect_chain[0][1] == 302
    assert "Your account has been closed" in response.content.decode()
    assert not User.objects.filter(email=MEMBER_EMAIL).exists()
    assert not UserAddress.objects.exists()
    order = Order.objects.get(pk=member.order.pk)
    assert (order.user_id, order.guest_email) == (None, MEMBER_EMAIL)
    assert Acceptance.objects.filter(order=order).count() == 3
    assert WithdrawalRecord.objects.count() == 1
    assert mail.outbox[-1].to == [MEMBER_EMAIL]
    assert client.get("/en/accounts/").status_code == 302  # signed out


def test_the_closed_account_cannot_sign_in_again(client, member):
    client.post(WITHDRAW, {"password": MEMBER_PASSWORD})

    assert not client.login(username=MEMBER_EMAIL, password=MEMBER_PASSWORD)


def test_staff_are_told_an_administrator_closes_their_account(client, db):
    staff = User.objects.create_user(
        username="ops3", email="ops3@offsetmart.example", password=MEMBER_PASSWORD, is_staff=True
    )
    client.force_login(staff)

    page = client.get(WITHDRAW).content.decode()
    response = client.post(WITHDRAW, {"password": MEMBER_PASSWORD}, follow=True)

    assert 'id="withdrawal-staff"' in page and "delete_profile_form" not in page
    assert "closed by an administrator" in response.content.decode()
    assert User.objects.filter(pk=staff.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(WITHDRAW)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_the_japanese_page_works_too(client, member):
    response = client.get("/accounts/profile/delete/")

    assert response.status_code == 200
    assert 'id="withdrawal-kept"' in response.content.decode()
