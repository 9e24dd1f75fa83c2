import pytest
from django.urls import reverse
from django.utils import translation

from offsets.models import CreditBatch
from tests.factories.offsets import CreditBatchFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_batch_product_in_the_dashboard_is_refused_with_a_message(staff_client):
    batch = CreditBatchFactory()
    with translation.override("en"):
        url = reverse("dashboard:catalogue-product-delete", kwargs={"pk": batch.product.pk})

    response = staff_client.post(url, follow=True)

    assert response.status_code == 200
    errors = [str(m) for m in response.context["messages"]]
    assert any("cannot be deleted" in error for error in errors), errors
    assert CreditBatch.objects.filter(pk=batch.pk, product=batch.product).exists()
