"""Publish the demo legal texts (legal/demo/texts/) and register the demo processors. Idempotent."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from legal.demo.processors import (
    ALL_CLAUSES,
    DEMO_NDA_EXPIRES_ON,
    DEMO_NDA_SIGNED_ON,
    DEMO_PROCESSORS,
    DEMO_REVIEWED_ON,
)
from legal.documents import services as documents_services
from legal.documents.models import DocumentKind, DocumentVersion, LegalDocument
from legal.processors import services as processors_services
from legal.processors.models import Processor

TEXTS = Path(__file__).resolve().parents[2] / "demo" / "texts"
DEMO_EFFECTIVE_ON = datetime.date(2026, 4, 1)


def read_text(kind: str, language: str) -> tuple[str, str]:
    """Return (title, Markdown body) of a demo text; the title is its first heading."""
    path = TEXTS / f"{kind}.{language}.md"
    if not path.exists():
        raise CommandError(f"Missing demo text {path}")
    body = path.read_text(encoding="utf-8").strip() + "\n"
    first_line = body.splitlines()[0]
    if not first_line.startswith("# "):
        raise CommandError(f"{path} must start with a '# Title' line")
    return first_line[2:].strip(), body


class Command(BaseCommand):
    help = "Publish the demo legal documents and register demo processors, where none exist yet."

    @transaction.atomic
    def handle(self, *args, **options):
        published = 0
        for kind in DocumentKind.values:
            document, _created = LegalDocument.objects.get_or_create(kind=kind)
            if document.versions.exists():
                continue
            title, body = read_text(kind, "ja")
            title_en, body_en = read_text(kind, "en")
            draft = DocumentVersion.objects.create(
                document=document,
                title=title,
                title_en=title_en,
                body=body,
                body_en=body_en,
                change_summary="初版",
                change_summary_en="First version.",
                effective_on=DEMO_EFFECTIVE_ON,
            )
            documents_services.version_publish(version=draft, user=None, is_material=True)
            published += 1
        self.stdout.write(f"Legal documents: {published} published ({len(DocumentKind.values)} kinds).")
        registered = 0
        for spec in DEMO_PROCESSORS:
            if Processor.objects.filter(role=spec["role"]).exists():
                continue
            processor = Processor(
                **spec,
                nda_signed_on=DEMO_NDA_SIGNED_ON,
                nda_expires_on=DEMO_NDA_EXPIRES_ON,
                nda_clauses=ALL_CLAUSES,
                last_reviewed_on=DEMO_REVIEWED_ON,
            )
            processors_services.processor_save(processor=processor, changed_by=None)
            registered += 1
        self.stdout.write(f"Entrusted processors: {registered} registered.")
