"""Product alerts fork: people who asked us to stop using their data get no alerts.

A product alert ("tell me when this is on sale again") is not needed for any
contract or by law, so it stops when a person asks us to cease using their
data (APPI Art. 35; legal.privacy.requests). The restriction is checked here,
when alerts are sent, so an alert created before or after the request (even
anonymously, with the same address) never reaches a restricted person.
"""

from django.utils import timezone
from oscar.apps.customer.alerts import utils as oscar_utils
from oscar.apps.customer.alerts.utils import *  # noqa: F403  (Oscar's fork pattern)
from oscar.core.loading import get_model

ProductAlert = get_model("customer", "ProductAlert")


def _restricted(alert, restricted_emails: set[str]) -> bool:
    # restricted_emails holds each restriction's address and its member's current one, so a
    # member's alert (addressed to their account e-mail) is caught without a query per alert.
    return alert.get_email_address().lower() in restricted_emails


class AlertsDispatcher(oscar_utils.AlertsDispatcher):
    def send_product_alert_email_for_user(self, product):
        from legal.privacy.requests import selectors

        restricted_emails = selectors.restricted_emails()
        alerts = ProductAlert.objects.filter(
            product_id__in=(product.id, product.parent_id), status=ProductAlert.ACTIVE
        ).select_related("user")
        for alert in alerts:
            if _restricted(alert, restricted_emails):
                # Cancelled, not just skipped: Oscar would otherwise try again every run.
                ProductAlert.objects.filter(pk=alert.pk).update(
                    status=ProductAlert.CANCELLED, date_cancelled=timezone.now()
                )
                self.dispatcher.logger.info("Product alert %s cancelled: the person restricted use", alert.pk)
        return super().send_product_alert_email_for_user(product)

    def send_product_alert_confirmation_email_for_user(self, alert, extra_context=None):
        from legal.privacy.requests import selectors

        if selectors.use_restricted(user=alert.user, email=alert.get_email_address()):
            return None
        return super().send_product_alert_confirmation_email_for_user(alert, extra_context)
