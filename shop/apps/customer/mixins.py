from django.db import transaction
from oscar.apps.customer import mixins as oscar_mixins
from oscar.apps.customer.mixins import *  # noqa: F403  (Oscar's fork pattern)

from legal import services as legal_services
from legal.models import Acceptance


class RegisterUserMixin(oscar_mixins.RegisterUserMixin):
    def register_user(self, form):
        """Create the member and record the legal versions they accepted, together."""
        with transaction.atomic():
            user = super().register_user(form)
            legal_services.acceptances_record(
                versions=form.versions_to_accept, context=Acceptance.Context.REGISTRATION, user=user
            )
        return user
