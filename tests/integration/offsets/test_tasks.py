import pytest
from django.conf import settings
from oscar.core.loading import get_model

from offsets.tasks import catalogue_stock_resync
from shop.celery import app
from tests.factories.offsets import CreditBatchFactory

StockRecord = get_model("partner", "StockRecord")


def test_tasks_run_eagerly_when_no_broker_is_configured():
    assert settings.CELERY_BROKER_URL.startswith("memory://")
    assert app.conf.task_always_eager is True


@pytest.mark.django_db
def test_stock_resync_repairs_a_stock_record_changed_behind_the_services():
    batch = CreditBatchFactory(serial_first=1, serial_last=50, price_per_tonne=3300)
    StockRecord.objects.filter(product=batch.product).update(num_in_stock=999, price=1)

    synced = catalogue_stock_resync.delay().get()

    assert synced == 1
    stockrecord = StockRecord.objects.get(product=batch.product)
    assert stockrecord.net_stock_level == 50
    assert stockrecord.price == 3300
