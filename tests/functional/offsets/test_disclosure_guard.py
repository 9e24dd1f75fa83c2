"""A batch goes on sale only when its project's required disclosures are filled: every path is guarded.

Paths that put a batch on sale: adding it (admin, service), and ticking "is public" on its product
(Oscar dashboard, Django admin). Batches already on sale without disclosures stay on sale and are
listed for staff.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.urls import reverse as reverse_ja
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import CategoryFactory

from offsets import services
from offsets.disclosures import REQUIRED_DISCLOSURES, batches_on_sale_undisclosed
from offsets.models import CreditBatch, OffsetProject
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = pytest.mark.django_db


def reverse(name, args=None):
    """Staff URLs in English (/en/…), so messages can be checked in English."""
    with translation.override("en"):
        return reverse_ja(name, args=args)


@pytest.fixture
def undisclosed_project():
    """A project whose verification body and CCP label status were never filled in."""
    return OffsetProjectFactory(verification_body="", verification_body_en="", ccp_label="")


def hidden_batch_of(project) -> CreditBatch:
    """A batch staff took off sale, whose project then lost its disclosures."""
    batch = CreditBatchFactory()
    Product.objects.filter(pk=batch.product_id).update(is_public=False)
    CreditBatch.objects.filter(pk=batch.pk).update(project=project)
    batch.refresh_from_db()
    return batch


def legacy_batch_of(project) -> CreditBatch:
    """A batch put on sale before disclosures were required (written as the old code did)."""
    batch = CreditBatchFactory()
    CreditBatch.objects.filter(pk=batch.pk).update(project=project)
    batch.refresh_from_db()
    return batch


def form_values(form) -> dict:
    """The values a browser would post back for ``form`` as shown (unticked boxes left out)."""
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        data[field.html_name] = "on" if value is True else value
    return data


def dashboard_post_data(context) -> dict:
    data = form_values(context["form"])
    for name in ["category_formset", "image_formset", "recommended_formset", "stockrecord_formset"]:
        formset = context[name]
        data.update(form_values(formset.management_form))
        # Only the saved rows go back: the blank extra forms are left out, as if never shown.
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
        for form in formset.initial_forms:
            data.update(form_values(form))
    return data


def in_a_category(batch: CreditBatch) -> CreditBatch:
    """Oscar's dashboard saves a stand-alone product only when it is in a category."""
    ProductCategory.objects.create(product_id=batch.product_id, category=CategoryFactory())
    return batch


# --- The service --------------------------------------------------------------------------


def test_creating_a_batch_of_an_undisclosed_project_is_refused_naming_what_is_missing(
    undisclosed_project, english
):
    with pytest.raises(ValidationError) as refused:
        services.batch_create(
            project=undisclosed_project,
            vintage=2024,
            serial_prefix="JP-Q",
            serial_first=1,
            serial_last=10,
            price_per_tonne=3300,
        )

    message = " ".join(refused.value.messages)
    assert "cannot be put on sale" in message
    assert "validation / verification body (Japanese)" in message
    assert "ICVCM Core Carbon Principles label" in message
    assert "additionality" not in message  # filled, so not named
    assert not CreditBatch.objects.exists() and not Product.objects.exists()


@pytest.mark.parametrize("field", REQUIRED_DISCLOSURES)
def test_each_required_disclosure_alone_blocks_the_sale(field):
    empty = None if field in {"verified_on", "monitoring_period_start", "monitoring_period_end"} else ""
    project = OffsetProjectFactory(**{field: empty})

    with pytest.raises(
        ValidationError, match=re.escape(str(OffsetProject._meta.get_field(field).verbose_name))
    ):
        CreditBatchFactory(project=project)


def test_buffer_pool_and_sdgs_are_optional():
    batch = CreditBatchFactory(project=OffsetProjectFactory(buffer_pool_percent=None, sdg_goals=""))

    assert Product.objects.get(pk=batch.product_id).is_public


def test_moving_a_batch_on_sale_to_an_undisclosed_project_is_refused(undisclosed_project, english):
    batch = CreditBatchFactory()
    batch.project = undisclosed_project

    with pytest.raises(ValidationError, match="cannot be put on sale"):
        services.batch_save(batch=batch)


def test_a_legacy_batch_on_sale_stays_on_sale_can_be_edited_and_is_listed(undisclosed_project):
    legacy = legacy_batch_of(undisclosed_project)
    CreditBatchFactory()  # disclosed, not listed

    legacy.price_per_tonne = 4400
    services.batch_save(batch=legacy)  # a price change is not a step onto sale

    assert Product.objects.get(pk=legacy.product_id).is_public
    assert list(batches_on_sale_undisclosed()) == [legacy]


def test_a_hidden_batch_is_not_listed(undisclosed_project):
    hidden_batch_of(undisclosed_project)

    assert not batches_on_sale_undisclosed().exists()


# --- The Django admin -----------------------------------------------------------------------


def test_admin_adding_a_batch_of_an_undisclosed_project_shows_the_message(staff_client, undisclosed_project):
    form = {
        "project": undisclosed_project.pk,
        "vintage": 2024,
        "serial_prefix": "JP-Q",
        "serial_first": 1,
        "serial_last": 10,
        "price_per_tonne": 3300,
    }

    response = staff_client.post(reverse("admin:offsets_creditbatch_add"), form)

    assert response.status_code == 200
    assert "cannot be put on sale until the project&#x27;s required disclosures" in response.content.decode()
    assert not CreditBatch.objects.exists()


def test_admin_ticking_is_public_on_an_undisclosed_batch_product_is_refused(
    staff_client, undisclosed_project
):
    batch = hidden_batch_of(undisclosed_project)
    url = reverse("admin:catalogue_product_change", args=[batch.product_id])
    page = staff_client.get(url)
    data = form_values(page.context["adminform"].form)
    for formset in page.context["inline_admin_formsets"]:
        data.update(form_values(formset.formset.management_form))
    data["is_public"] = "on"

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "cannot be put on sale" in response.content.decode()
    assert not Product.objects.get(pk=batch.product_id).is_public


def test_admin_lists_batches_on_sale_without_disclosures(staff_client, undisclosed_project):
    legacy = legacy_batch_of(undisclosed_project)
    disclosed = CreditBatchFactory()

    overview = staff_client.get(reverse("admin:offsets_creditbatch_changelist"))
    listed = staff_client.get(reverse("admin:offsets_creditbatch_changelist") + "?disclosure=missing")

    warnings = [str(message) for message in overview.context["messages"]]
    assert any("1 batch is on sale although its project lacks required disclosures" in w for w in warnings)
    assert list(listed.context["cl"].result_list) == [legacy]
    assert disclosed not in listed.context["cl"].result_list


def test_admin_project_form_has_the_disclosure_section_and_validates_it(staff_client):
    project = OffsetProjectFactory()
    url = reverse("admin:offsets_offsetproject_change", args=[project.pk])
    page = staff_client.get(url)
    assert "Quality disclosure" in page.content.decode()
    data = form_values(page.context["adminform"].form)
    for formset in page.context["inline_admin_formsets"]:
        data.update(form_values(formset.formset.management_form))
    data.update(sdg_goals="13, 18", monitoring_period_start="2024-04-01", monitoring_period_end="2023-03-31")

    response = staff_client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Write the SDG numbers (1–17) separated by commas" in page
    assert "The monitoring period cannot end before it starts." in page


# --- The Oscar dashboard ----------------------------------------------------------------------


def test_dashboard_ticking_is_public_on_an_undisclosed_batch_product_is_refused(
    staff_client, undisclosed_project
):
    batch = in_a_category(hidden_batch_of(undisclosed_project))
    url = reverse("dashboard:catalogue-product", args=[batch.product_id])
    data = dashboard_post_data(staff_client.get(url).context)
    data["is_public"] = "on"

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "cannot be put on sale" in " ".join(response.context["form"].errors["is_public"])
    assert not Product.objects.get(pk=batch.product_id).is_public


def test_dashboard_puts_a_disclosed_batch_back_on_sale(staff_client):
    batch = in_a_category(hidden_batch_of(OffsetProjectFactory()))
    url = reverse("dashboard:catalogue-product", args=[batch.product_id])
    data = dashboard_post_data(staff_client.get(url).context)
    data["is_public"] = "on"

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert Product.objects.get(pk=batch.product_id).is_public


def test_dashboard_can_still_take_a_legacy_batch_off_sale(staff_client, undisclosed_project):
    legacy = in_a_category(legacy_batch_of(undisclosed_project))
    url = reverse("dashboard:catalogue-product", args=[legacy.product_id])
    data = dashboard_post_data(staff_client.get(url).context)
    data.pop("is_public", None)

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert not Product.objects.get(pk=legacy.product_id).is_public
