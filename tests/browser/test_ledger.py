"""The public ledger in a real browser: the chart of a project's tonnes over the months."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from offsets.models import CreditBatch
from tests.factories.certificates import paid_order, retire
from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def months_ago(months: int) -> datetime.datetime:
    today = timezone.localdate().replace(day=15)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return timezone.make_aware(datetime.datetime(year, month + 1, 15, 12, 0))


def test_the_ledger_draws_each_projects_history_as_a_chart(live_server, page, screenshot):
    project = OffsetProjectFactory(name="北の森 間伐プロジェクト", name_en="Kita-no-Mori Thinning Project")
    with time_machine.travel(months_ago(6), tick=False):
        batch = CreditBatchFactory(
            project=project, serial_prefix="JP-FO-0158", serial_first=1, serial_last=500
        )
    CreditBatch.objects.filter(pk=batch.pk).update(created_at=months_ago(6))
    # Sales month by month, each retired at the registry the month after.
    history = [(5, 60), (4, 40), (3, 80), (2, 50), (1, 90)]
    for months, tonnes in history:
        with time_machine.travel(months_ago(months), tick=False):
            order = paid_order(batch, tonnes)
        with time_machine.travel(months_ago(months - 1), tick=False):
            retire(order, reference=f"JCR-2026-{months:04d}")

    page.goto(live_server.url + "/ledger/")

    chart = page.locator("svg#chart-" + project.slug)
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    assert chart.locator("polyline").count() == 3
    assert "発行・販売・無効化したトン数の推移" in chart.locator("title").text_content()
    assert "無効化320 t" in chart.locator("desc").text_content()
    row = page.locator(f"#batch-{batch.pk}")
    assert row.locator("td.sold").inner_text() == "320"
    assert row.locator("td.available").inner_text() == "180"
    screenshot("ledger-chart-ja")

    page.goto(live_server.url + "/en/ledger/")
    assert "Kita-no-Mori Thinning Project: tonnes issued, sold and retired over time" in (
        page.locator("svg#chart-" + project.slug + " title").text_content()
    )
    screenshot("ledger-chart-en")
