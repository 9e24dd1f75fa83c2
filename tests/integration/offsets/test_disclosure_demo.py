"""The demo catalogue is fully disclosed, also when loaded again over a database from before disclosures."""

import pytest
from django.core.management import call_command

from offsets.demo.disclosures import DEMO_DISCLOSURES
from offsets.demo.projects import DEMO_PROJECTS
from offsets.disclosures import batches_on_sale_undisclosed, project_disclosures_missing
from offsets.models import OffsetProject

pytestmark = pytest.mark.django_db


def test_every_demo_project_has_every_required_disclosure():
    assert set(DEMO_DISCLOSURES) == {spec["slug"] for spec in DEMO_PROJECTS}

    call_command("load_demo_data")

    for project in OffsetProject.objects.all():
        assert project_disclosures_missing(project=project) == [], project.slug
        project.full_clean()  # SDG numbers, monitoring period order, choices
    assert not batches_on_sale_undisclosed().exists()


def test_loading_again_fills_empty_disclosures_and_keeps_staff_edits():
    call_command("load_demo_data")
    OffsetProject.objects.filter(slug="kitanomori-forest").update(verification_body="", verified_on=None)
    OffsetProject.objects.filter(slug="setouchi-rooftop-solar").update(additionality_en="Staff wording.")

    call_command("load_demo_data")

    forest = OffsetProject.objects.get(slug="kitanomori-forest")
    assert forest.verification_body == DEMO_DISCLOSURES["kitanomori-forest"]["verification_body"]
    assert forest.verified_on == DEMO_DISCLOSURES["kitanomori-forest"]["verified_on"]
    assert OffsetProject.objects.get(slug="setouchi-rooftop-solar").additionality_en == "Staff wording."
