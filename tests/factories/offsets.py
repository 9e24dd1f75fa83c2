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
