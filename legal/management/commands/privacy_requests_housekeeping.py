"""Delete the identity documents and disclosed data of privacy requests closed long enough ago."""

from django.conf import settings
from django.core.management.base import BaseCommand

from legal.privacy.requests.services import privacy_requests_housekeeping


class Command(BaseCommand):
    help = (
        "Delete identity documents and disclosed data of privacy requests closed more than "
        "the 'identity_documents' retention period ago (files and the rows' content), "
        "and orphaned private files."
    )

    def handle(self, *args, **options):
        deleted = privacy_requests_housekeeping()
        self.stdout.write(
            f"Privacy requests: {deleted} private file(s) deleted "
            f"(kept {settings.PERSONAL_DATA_RETENTION_DAYS['identity_documents']} days after closing)."
        )
