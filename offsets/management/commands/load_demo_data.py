"""Load the demo catalogue and a demo staff login. Safe to run again: it only adds what is missing.

Where demo recovery codes are on (``DEMO_STAFF_RECOVERY_CODES``: ``make run``, never production)
the demo staff member also gets single-use codes for the second step of the staff sign-in
(``manage.py demo_staff_codes`` prints them).
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from legal.staff.two_factor import demo_recovery_codes
from offsets import services
from offsets.demo.disclosures import DEMO_DISCLOSURES
from offsets.demo.factors import demo_factors_load
from offsets.demo.images import project_banner_png
from offsets.demo.projects import DEMO_PROJECTS
from offsets.models import CreditBatch, OffsetProject


class Command(BaseCommand):
    help = "Load demo offset projects, credit batches and a demo staff user (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--site-domain", default="127.0.0.1:8000")

    @transaction.atomic
    def handle(self, *args, site_domain: str, **options):
        Site.objects.update_or_create(
            pk=settings.SITE_ID, defaults={"domain": site_domain, "name": settings.OSCAR_SHOP_NAME}
        )
        self._ensure_missing_image()
        created_projects = created_batches = 0
        for spec in DEMO_PROJECTS:
            fields = {k: v for k, v in spec.items() if k not in {"slug", "batches"}}
            disclosures = DEMO_DISCLOSURES.get(spec["slug"], {})
            project, created = OffsetProject.objects.get_or_create(
                slug=spec["slug"], defaults={**fields, **disclosures}
            )
            if not created:
                self._fill_empty_disclosures(project, disclosures)
            if created:
                created_projects += 1
                project.image.save(f"{project.slug}.png", ContentFile(project_banner_png(project.category)))
            for batch_spec in spec["batches"]:
                exists = CreditBatch.objects.filter(
                    serial_prefix=batch_spec["serial_prefix"], serial_first=batch_spec["serial_first"]
                ).exists()
                if not exists:
                    services.batch_create(project=project, **batch_spec)
                    created_batches += 1
        self._ensure_staff_user()
        factors = demo_factors_load()
        self.stdout.write(f"Emission factors (demo values): {factors} added.")
        self.stdout.write(
            f"Demo data: {created_projects} projects and {created_batches} credit batches added "
            f"({OffsetProject.objects.count()} projects, {CreditBatch.objects.count()} batches in all)."
        )

    def _fill_empty_disclosures(self, project: OffsetProject, disclosures: dict) -> None:
        # A demo database from before the quality disclosure gets it; staff edits are kept.
        empty = {name: value for name, value in disclosures.items() if getattr(project, name) in ("", None)}
        if empty:
            OffsetProject.objects.filter(pk=project.pk).update(**empty)
            project.refresh_from_db()

    def _ensure_staff_user(self) -> None:
        User = get_user_model()
        staff = User.objects.filter(email=settings.DEMO_STAFF_EMAIL).first()
        if staff is None:
            staff = User.objects.create_superuser(
                username="staff", email=settings.DEMO_STAFF_EMAIL, password=settings.DEMO_STAFF_PASSWORD
            )
        if settings.DEMO_STAFF_RECOVERY_CODES:
            demo_recovery_codes(user=staff)

    def _ensure_missing_image(self) -> None:
        # Oscar's thumbnails (basket, dashboard) fall back to this file in MEDIA_ROOT.
        import oscar

        target = Path(settings.MEDIA_ROOT) / settings.OSCAR_MISSING_IMAGE_URL
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            source = Path(oscar.__file__).parent / "static" / "oscar" / "img" / "image_not_found.jpg"
            shutil.copyfile(source, target)
