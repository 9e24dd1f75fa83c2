"""Delete or anonymise personal data past its retention period (also daily in Celery beat)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from legal.privacy.holdings import RETENTION_CATEGORIES
from legal.privacy.services import personal_data_purge


class Command(BaseCommand):
    help = (
        "Apply the retention periods of PERSONAL_DATA_RETENTION_DAYS: delete or anonymise what is older, "
        "delete old log files and expired sessions, and withdraw again accounts a restored backup brought "
        "back. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        if dry_run:
            self.stdout.write("Dry run: nothing will be changed.")
        report = personal_data_purge(progress=lambda line: self.stdout.write(f"  {line}"), dry_run=dry_run)
        verb = "would change" if dry_run else "changed"
        self.stdout.write("")
        self.stdout.write(f"Per retention category ({verb}):")
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        totals = report.by_category()
        for category in days:
            if category not in totals:
                continue
            period = "kept while its purpose lasts" if days[category] is None else f"{days[category]} days"
            label = RETENTION_CATEGORIES.get(category, category)
            self.stdout.write(f"  {category:<18} {totals[category]:>7}  ({period}; {label})")
        summary = f"{report.total} record(s) {verb}."
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
