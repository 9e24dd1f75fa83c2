"""Which staff member looked at whose personal data, and when: the record behind internal audits.

Append-only like provision records. The only deletion is the retention purge
(``StaffAccess.objects.expired_delete()``, run by ``personal_data_purge`` with the
"staff_access_log" period of ``PERSONAL_DATA_RETENTION_DAYS``), which removes whole
old entries and nothing else.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.records import AppendOnlyModel, AppendOnlyQuerySet


class AccessAction(models.TextChoices):
    VIEW_CUSTOMER = "view_customer", _("Viewed a customer")
    VIEW_ORDER = "view_order", _("Viewed an order")
    VIEW_ORDER_LIST = "view_order_list", _("Viewed a list of orders or certificates")
    VIEW_EXPORT = "view_export", _("Viewed or downloaded a personal-data export")
    VIEW_IDENTITY_DOCUMENT = "view_identity_document", _("Viewed an identity document")
    DOWNLOAD_CERTIFICATE = "download_certificate", _("Downloaded a certificate PDF")


class StaffAccessQuerySet(AppendOnlyQuerySet):
    def expired_delete(self, *, now: datetime.datetime | None = None) -> int:
        """Delete the entries past the "staff_access_log" retention period (the register's purge)."""
        days = settings.PERSONAL_DATA_RETENTION_DAYS["staff_access_log"]
        if days is None:
            return 0
        return self.purge_older_than(days, now=now)

    def purge_older_than(self, days: int, *, now: datetime.datetime | None = None) -> int:
        """Delete the entries older than ``days`` days (retention); return how many went."""
        if days < 1:
            raise ValueError("The retention period must be at least one day.")
        cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
        return self.retention_delete(accessed_at__lt=cutoff)


class StaffAccess(AppendOnlyModel):
    locked_message = "The staff access log is append-only."

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("staff member"),
    )
    # Snapshots: the entry still says who it was after the account is renamed or removed.
    staff_name = models.CharField(_("staff member"), max_length=200)
    staff_email = models.EmailField(_("staff e-mail"), blank=True)
    accessed_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=AccessAction.choices)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("whose data (member)"),
    )
    subject_email = models.EmailField(_("whose data (e-mail)"), blank=True, db_index=True)
    target = models.CharField(_("what was seen"), max_length=1000, blank=True)
    path = models.CharField(_("page"), max_length=500, blank=True)

    objects = StaffAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff access")
        verbose_name_plural = _("staff access log")
        ordering = ["-accessed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.accessed_at:%Y-%m-%d %H:%M} {self.staff_name} {self.action} {self.subject_email}"
