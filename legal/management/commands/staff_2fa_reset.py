"""Reset a staff member's two-factor sign-in: for one who lost their phone and their recovery codes.

Removes their authenticator app and recovery codes; sessions verified by them stop counting.
At their next sign-in with their password they set up an authenticator app again. Check who
is asking (in person or by a call back) before running it: the password alone then suffices
to enrol a new phone.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from legal.staff.two_factor import two_factor_required, two_factor_reset


class Command(BaseCommand):
    help = "Remove a staff member's authenticator app and recovery codes, so they set them up again."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the staff member's e-mail address")

    def handle(self, *args, email: str, **options):
        staff = list(get_user_model().objects.filter(email__iexact=email.strip()))
        if not staff:
            raise CommandError(f"No account with the e-mail address {email!r}.")
        if len(staff) > 1:
            raise CommandError(
                f"{len(staff)} accounts share the e-mail address {email!r}; reset them in the admin."
            )
        user = staff[0]
        if not two_factor_required(user=user):
            raise CommandError(f"{user.email} is not a staff account: customers have no second factor.")
        removed = two_factor_reset(user=user)
        self.stdout.write(
            f"Removed {removed} two-factor device(s) of {user.email}. "
            "At their next sign-in they set up an authenticator app again."
        )
