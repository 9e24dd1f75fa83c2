"""`manage.py shop_setup --config deploy/shop.toml`: the first run of a new shop, safe to repeat."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from shop.setup.config import ConfigInvalid, config_read
from shop.setup.services import SetupRefused, shop_setup


class Command(BaseCommand):
    help = (
        "Set up a new shop after `migrate`: the superuser (e-mail from the file or "
        "DJANGO_SUPERUSER_EMAIL, password only from DJANGO_SUPERUSER_PASSWORD), the site's domain "
        "and name, the entrusted processors with their data scopes and NDAs, and version 1 of every "
        "legal document that has none, from the shipped texts. See deploy/shop.example.toml. "
        "Safe to run again: what exists is reported and kept. A registered processor that differs "
        "from the file is only reported unless --update-processors is given, because administrators "
        "also keep the registry in the admin (NDA renewals, reviews, narrower scopes) and an old copy "
        "of the file must not undo their work unnoticed; with the flag, every change goes through the "
        "registry's history like an administrator's. Under production settings, demo and example "
        "values are refused. Nothing is written unless every check passes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--config", type=Path, required=True, help="the TOML file, e.g. deploy/shop.toml")
        parser.add_argument(
            "--update-processors",
            action="store_true",
            help="apply the file to registered processors that differ from it (kept in their history)",
        )

    # In English throughout, like the file's keys and codes (the model's own messages included).
    @no_translations
    def handle(self, *args, **options):
        try:
            config = config_read(
                path=options["config"],
                superuser_email=settings.SHOP_SETUP_SUPERUSER_EMAIL,
                base_url_host=urlsplit(settings.SHOP_BASE_URL).netloc,
                shop_name=settings.OSCAR_SHOP_NAME,
            )
            report = shop_setup(
                config=config,
                password=settings.SHOP_SETUP_SUPERUSER_PASSWORD,
                update_processors=options["update_processors"],
            )
        except (ConfigInvalid, SetupRefused) as refused:
            raise CommandError(_refusal(refused.problems)) from refused
        except ValidationError as invalid:
            raise CommandError(_refusal(invalid.messages)) from invalid
        for outcome in report.outcomes:
            self.stdout.write(str(outcome))
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        changed = [outcome for outcome in report.outcomes if outcome.changed]
        self.stdout.write(f"{len(changed)} change(s)." if changed else "Nothing changed.")


def _refusal(problems: list[str]) -> str:
    return "Nothing was written:\n" + "\n".join(f"  - {problem}" for problem in problems)
