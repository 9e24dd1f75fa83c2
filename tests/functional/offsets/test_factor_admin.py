"""Emission factors in the admin: drafts are edited and published; a published one gets new versions only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse as reverse_ja
from django.utils import translation

from offsets.calculator.models import EmissionFactor
from tests.factories.calculator import EmissionFactorFactory

pytestmark = pytest.mark.django_db


def reverse(name, args=None):
    with translation.override("en"):
        return reverse_ja(name, args=args)


def factor_form(**changes):
    form = {
        "activity": "electricity", "unit": "kWh", "value": "0.452", "fiscal_year": "2024",
        "menu_code": "demo-standard", "supplier": "デモ電力株式会社", "supplier_en": "Demo Power Co.",
        "menu": "スタンダード", "menu_en": "Standard", "source_title": "電気事業者別排出係数一覧",
        "source_url": "https://ghg-santeikohyo.env.go.jp/calc", "is_demo": "on", "valid_from": "2025-04-01",
        "valid_to": "",
    }  # fmt: skip
    form.update(changes)
    return form


def test_staff_add_a_draft_then_publish_it(staff_client):
    response = staff_client.post(reverse("admin:offsets_emissionfactor_add"), factor_form())

    assert response.status_code == 302
    factor = EmissionFactor.objects.get()
    assert (factor.status, factor.version, factor.value) == ("draft", 1, Decimal("0.452"))
    staff_client.post(
        reverse("admin:offsets_emissionfactor_changelist"),
        {"action": "publish", "_selected_action": [factor.pk]},
    )
    factor.refresh_from_db()
    assert factor.status == "published" and factor.published_at is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "-1"}, "A factor cannot be negative."),
        ({"unit": "L"}, "This unit does not measure this activity."),
        ({"activity": "gasoline", "unit": "L"}, "Only electricity factors name a retailer and menu."),
        ({"valid_to": "2024-01-01"}, "The end of the period cannot be before its start."),
        ({"value": "abc"}, "Enter a number."),
    ],
)
def test_bad_input_gets_a_message_on_the_form(staff_client, changes, message):
    response = staff_client.post(reverse("admin:offsets_emissionfactor_add"), factor_form(**changes))

    assert response.status_code == 200 and message in response.content.decode()
    assert not EmissionFactor.objects.exists()


def test_a_published_factor_is_read_only_and_new_version_from_this_makes_a_draft(staff_client):
    published = EmissionFactorFactory(value=Decimal("0.45"), valid_from=datetime.date(2025, 4, 1))

    change_url = reverse("admin:offsets_emissionfactor_change", args=[published.pk])
    staff_client.post(change_url, factor_form(value="0.9", menu_code="", supplier="", menu=""))
    assert EmissionFactor.objects.get(pk=published.pk).value == Decimal("0.45")
    page = staff_client.get(change_url).content.decode()
    assert 'name="value"' not in page and "v1 — 0.450000 kg-CO2/kWh" in page

    staff_client.post(
        reverse("admin:offsets_emissionfactor_changelist"),
        {"action": "new_version", "_selected_action": [published.pk]},
    )
    draft = EmissionFactor.objects.get(previous=published)
    assert (draft.version, draft.status, draft.value) == (2, "draft", Decimal("0.45"))
    draft_page = staff_client.get(
        reverse("admin:offsets_emissionfactor_change", args=[draft.pk])
    ).content.decode()
    assert 'name="value"' in draft_page and "v1 — 0.450000" in draft_page and "v2 — 0.450000" in draft_page
