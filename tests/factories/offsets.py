"""Factories for the carbon domain. Batches are made through the service, as staff make them."""

import factory

from offsets import services
from offsets.models import CreditBatch, OffsetProject, OffsetType, ProjectCategory, Registry


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
