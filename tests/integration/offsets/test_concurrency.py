"""Two staff members saving overlapping ranges at the same moment (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from offsets import services
from offsets.models import CreditBatch
from tests.factories.offsets import OffsetProjectFactory


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_batches_leave_exactly_one():
    project = OffsetProjectFactory()
    writers = 8
    barrier = threading.Barrier(writers)
    outcomes: list[str] = []

    def create(offset: int) -> None:
        try:
            barrier.wait()
            services.batch_create(
                project=project,
                vintage=2023,
                serial_prefix="JP-RACE",
                serial_first=1 + offset,
                serial_last=1000 + offset,
                price_per_tonne=3300,
            )
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created"] + ["refused"] * (writers - 1)
    assert CreditBatch.objects.filter(serial_prefix="JP-RACE").count() == 1
