from django.conf import settings
from django.db import transaction
from django.urls import reverse
from oscar.apps.customer import mixins as oscar_mixins
from oscar.apps.customer.mixins import *  # noqa: F403  (Oscar's fork pattern)

from legal.documents import services as legal_services
from legal.documents.models import Acceptance
from legal.processors import outbox
from legal.processors.models import PersonalDataField, Purpose


class RegisterUserMixin(oscar_mixins.RegisterUserMixin):
    def register_user(self, form):
        """Create the member and record the legal versions they accepted, together."""
        with transaction.atomic():
            user = super().register_user(form)
            legal_services.acceptances_record(
                versions=form.versions_to_accept, context=Acceptance.Context.REGISTRATION, user=user
            )
        return user

    def send_registration_email(self, user):
        """The welcome e-mail, rendered from only what the delivery processor may receive."""
        outbox.email_enqueue(
            purpose=Purpose.ACCOUNT_EMAIL,
            recipient=user.email,
            template="customer/emails/registration",
            personal_data={PersonalDataField.NAME: user.get_full_name()},
            context={"account_url": settings.SHOP_BASE_URL.rstrip("/") + reverse("customer:summary")},
            subject_user=user,
        )
