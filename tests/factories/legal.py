"""Legal versions for tests, published through the service as editors publish them."""

import datetime

from django.utils import timezone

from legal.documents import services
from legal.documents.models import DocumentVersion, LegalDocument


def draft_version(kind: str, **fields) -> DocumentVersion:
    document, _created = LegalDocument.objects.get_or_create(kind=kind)
    values = {
        "title": f"{kind} 文書",
        "title_en": f"{kind} document",
        "body": f"# {kind}\n\n第1条 本文です。\n",
        "body_en": f"# {kind}\n\nArticle 1. The text.\n",
        "effective_on": timezone.localdate(),
    }
    values.update(fields)
    return DocumentVersion.objects.create(document=document, **values)


def published_version(
    kind: str, *, is_material: bool = False, effective_on: datetime.date | None = None, **fields
) -> DocumentVersion:
    draft = draft_version(kind, effective_on=effective_on or timezone.localdate(), **fields)
    return services.version_publish(version=draft, user=None, is_material=is_material)


def accepted_set() -> list[DocumentVersion]:
    """Version 1 of the terms, privacy policy and disclaimer, all in force."""
    return [published_version(kind, is_material=True) for kind in ("terms", "privacy", "disclaimer")]
