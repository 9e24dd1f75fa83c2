"""Print the demo staff member's one-time codes for the second step of the staff sign-in.

Each code works once; when none are left a new set is made. Only where
``DEMO_STAFF_RECOVERY_CODES`` is on (``make run``); production settings force it off,
so this refuses there and no demo code is ever accepted.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from legal.staff.two_factor import DemoCodesOff, demo_recovery_codes


class Command(BaseCommand):
    help = "Print the demo staff member's one-time sign-in codes (each works once; demo settings only)."

    def handle(self, *args, **options):
        staff = get_user_model().objects.filter(email=settings.DEMO_STAFF_EMAIL).first()
        if staff is None:
            raise CommandError(
                f"No demo staff member {settings.DEMO_STAFF_EMAIL}: run `manage.py load_demo_data`."
            )
        try:
            codes = demo_recovery_codes(user=staff)
        except DemoCodesOff as error:
            raise CommandError(f"{error} Staff here sign in with their own authenticator app.") from error
        self.stdout.write(" ".join(code.upper() for code in codes))  # as the enrolment page shows codes
