"""Background work of legal documents: telling members about a new version."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from legal.processors import outbox
from legal.processors.models import Purpose

from .models import ChangeNotice, DocumentVersion

# Each task keeps the name it had before the legal app was split into
# sub-packages, so messages already queued in the broker still find it.


@shared_task(name="legal.tasks.change_notices_send")
def change_notices_send(version_id: int) -> int:
    """Tell every member about a new version: a notice on the site and one e-mail each.

    Safe to run again (a retry, a second worker): a member is notified once
    per version. Returns how many e-mails were queued.
    """
    version = DocumentVersion.objects.select_related("document").get(pk=version_id)
    members = (
        get_user_model()
        .objects.filter(is_active=True, date_joined__lt=version.published_at)
        .exclude(email="")
        .order_by("pk")
    )
    context = _change_notice_context(version)
    queued = 0
    for member in members.iterator(chunk_size=500):
        with transaction.atomic():
            notice, created = ChangeNotice.objects.get_or_create(version=version, user=member)
            if not created:
                continue
            outbox.email_enqueue(
                purpose=Purpose.ACCOUNT_EMAIL,
                recipient=member.email,
                template="legal/emails/change_notice",
                personal_data={},
                context=context,
                subject_user=member,
                reference=f"change-notice:{notice.pk}",
            )
            ChangeNotice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
            queued += 1
    return queued


def _change_notice_context(version: DocumentVersion) -> dict:
    """Everything the bilingual notice shows, as JSON (it waits in the outbox)."""
    by_language = {}
    for language in ("ja", "en"):
        with translation.override(language):
            path = reverse("legal:version", kwargs={"kind": version.kind, "number": version.number})
            by_language[language] = {
                "title": version.localized("title"),
                "summary": version.localized("change_summary"),
                "effective_on": formats.date_format(version.effective_on, "DATE_FORMAT"),
                "url": settings.SHOP_BASE_URL.rstrip("/") + path,
            }
    return {"number": version.number, "is_material": version.is_material, **by_language}
