import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from oscar.core.loading import get_model

from offsets.models import CreditBatch, OffsetProject, OffsetType, Registry
from tests.staff_login import verified_login

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def test_demo_data_covers_the_kinds_of_project_the_shop_sells():
    call_command("load_demo_data")

    projects = OffsetProject.objects.all()
    assert projects.count() >= 6
    assert {"forest", "solar", "energy-saving"} <= set(projects.values_list("category", flat=True))
    assert set(projects.values_list("offset_type", flat=True)) == {OffsetType.REMOVAL, OffsetType.AVOIDANCE}
    registries = set(projects.values_list("registry", flat=True))
    assert Registry.J_CREDIT in registries and registries - {Registry.J_CREDIT}
    for project in projects:
        assert project.batches.exists(), project
        assert project.name_en and project.description_en and project.image
    for batch in CreditBatch.objects.all():
        stockrecord = StockRecord.objects.get(product=batch.product)
        assert stockrecord.net_stock_level == batch.tonnes_issued


def test_demo_data_loads_again_without_duplicates():
    call_command("load_demo_data")
    counts = (OffsetProject.objects.count(), CreditBatch.objects.count())

    call_command("load_demo_data")

    assert (OffsetProject.objects.count(), CreditBatch.objects.count()) == counts


def test_the_demo_staff_login_works_and_reaches_the_dashboard(client):
    call_command("load_demo_data")

    user = authenticate(username=settings.DEMO_STAFF_EMAIL, password=settings.DEMO_STAFF_PASSWORD)

    assert user is not None and user.is_staff
    verified_login(client, user)
    assert client.get("/dashboard/").status_code == 200
