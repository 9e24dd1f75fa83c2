"""Publish the demo legal texts (version 1, then each revision), register the demo processors and registry
operators. Idempotent.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from legal.demo import LEGAL_TEXTS, TEXT_REVISIONS
from legal.demo.processors import (
    ALL_CLAUSES,
    DEMO_NDA_EXPIRES_ON,
    DEMO_NDA_SIGNED_ON,
    DEMO_PROCESSORS,
    DEMO_REVIEWED_ON,
)
from legal.demo.third_parties import demo_registry_operators_register
from legal.documents import services as documents_services
from legal.documents.models import DocumentKind
from legal.processors import services as processors_services
from legal.processors.models import Processor

DEMO_EFFECTIVE_ON = datetime.date(2026, 4, 1)


class Command(BaseCommand):
    help = "Publish the demo legal documents and register demo processors, where none exist yet."

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            published = documents_services.first_versions_publish(
                texts=LEGAL_TEXTS, effective_on=DEMO_EFFECTIVE_ON, user=None
            )
        except ValidationError as problem:
            raise CommandError(" ".join(problem.messages)) from problem
        self.stdout.write(f"Legal documents: {len(published)} published ({len(DocumentKind.values)} kinds).")
        shipped_before = {revision.number + 1: revision.texts for revision in TEXT_REVISIONS}
        for revision in TEXT_REVISIONS:
            revised = documents_services.revision_publish(
                texts=revision.texts,
                number=revision.number,
                effective_on=revision.effective_on,
                change_summaries={
                    kind: (summary.ja, summary.en) for kind, summary in revision.change_summaries.items()
                },
                is_material=revision.is_material,
                user=None,
                # A version the editors published themselves is never overtaken by a shipped one.
                previous_texts=shipped_before.get(revision.number, LEGAL_TEXTS),
            )
            self.stdout.write(f"Legal documents, version {revision.number}: {len(revised)} published.")
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
        registered = demo_registry_operators_register()
        self.stdout.write(f"Registry operators (third parties): {registered} registered.")
