import pytest
from django.utils import translation


@pytest.fixture
def japanese():
    with translation.override("ja"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="ops", email="ops@offsetmart.example", password="correct horse battery"
    )
    client.force_login(user)
    client.user = user
    return client
