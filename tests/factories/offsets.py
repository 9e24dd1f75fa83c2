"""Factories for the carbon domain. Batches are made through the service, as staff make them."""

import datetime

import factory

from offsets import services
from offsets.models import (
    CcpLabel,
    CorrespondingAdjustment,
    CreditBatch,
    OffsetProject,
    OffsetType,
    ProjectCategory,
    Registry,
)


class OffsetProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OffsetProject

    name = factory.Sequence(lambda n: f"テスト森林プロジェクト{n}")
    name_en = factory.Sequence(lambda n: f"Test Forest Project {n}")
    slug = factory.Sequence(lambda n: f"test-forest-{n}")
    registry = Registry.J_CREDIT
    registry_project_id = factory.Sequence(lambda n: f"TEST-JC-{n:04d}")
    registry_url = "https://japancredit.go.jp/"
    methodology = "FO-001 森林経営活動"
    methodology_en = "FO-001 Forest management activities"
    offset_type = OffsetType.REMOVAL
    category = ProjectCategory.FOREST
    location = "北海道"
    location_en = "Hokkaido"
    description = "間伐で森を育てるプロジェクトです。"
    description_en = "A project that grows the forest by thinning."
    # The quality disclosure: every required one filled, so the project's batches may go on sale.
    verification_body = "テスト検証機関"
    verification_body_en = "Test Verification Body"
    verified_on = datetime.date(2024, 6, 30)
    monitoring_period_start = datetime.date(2022, 4, 1)
    monitoring_period_end = datetime.date(2024, 3, 31)
    additionality = "クレジット収益がなければ間伐は採算が合わず行われません。"
    additionality_en = "Without credit revenue the thinning would not pay for itself and would not happen."
    permanence = "火災や伐採で吸収量が失われた場合は、制度の規則により補填されます。"
    permanence_en = "If fire or felling releases the carbon, the scheme's rules require it to be made good."
    buffer_pool_percent = None
    sdg_goals = "13, 15"
    ccp_label = CcpLabel.NOT_LABELLED
    corresponding_adjustment = CorrespondingAdjustment.NOT_APPLIED


class CreditBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditBatch

    project = factory.SubFactory(OffsetProjectFactory)
    vintage = 2023
    serial_prefix = factory.Sequence(lambda n: f"TEST-{n:05d}")
    serial_first = 1
    serial_last = 1000
    price_per_tonne = 3300

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.batch_create(**kwargs)


def credit_batches_bulk(count: int, *, start: int = 0, projects: int = 20) -> list[CreditBatch]:
    """``count`` batches on sale, spread over ``projects`` new projects, in a handful of inserts.

    Writes what ``batch_save`` writes for each batch — the product (titles in both languages),
    the batch and its stock record mirroring the unsold tonnes and the price — without its
    per-batch locks and checks, so a test can build a 1,000-batch catalogue in a second.
    The serial prefixes are unique, so no range can overlap.
    """
    from oscar.core.loading import get_model

    from offsets.services.batches import _seller_partner, product_class_for_batches

    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    owners = [OffsetProjectFactory() for _ in range(projects)]
    numbers = range(start, start + count)
    product_class = product_class_for_batches()
    products = Product.objects.bulk_create(
        Product(
            product_class=product_class,
            title=f"{owners[n % projects].name}（{2015 + n % 10}年度）{n}",
            title_en=f"{owners[n % projects].name_en} — {2015 + n % 10} vintage {n}",
            slug=f"{owners[n % projects].slug}-{2015 + n % 10}-{n}",
            description=owners[n % projects].description,
            description_en=owners[n % projects].description_en,
            is_discountable=True,
        )
        for n in numbers
    )
    batches = CreditBatch.objects.bulk_create(
        CreditBatch(
            project=owners[n % projects],
            product=product,
            vintage=2015 + n % 10,
            serial_prefix=f"BULK-{n:05d}",
            serial_first=1,
            serial_last=1000,
            price_per_tonne=3300,
        )
        for n, product in zip(numbers, products, strict=True)
    )
    partner = _seller_partner()
    StockRecord.objects.bulk_create(
        StockRecord(
            product=batch.product,
            partner=partner,
            partner_sku=f"{batch.serial_prefix}-{batch.serial_first}",
            price=batch.price_per_tonne,
            price_currency="JPY",
            num_in_stock=batch.tonnes_issued,
        )
        for batch in batches
    )
    return batches
