"""Background work of the legal app."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import ChangeNotice, DocumentVersion


@shared_task
def change_notices_send(version_id: int) -> int:
    """Tell every member about a new version: a notice row each, and one e-mail each.

    Safe to run again (a retry, a second worker): a member already e-mailed
    about this version is not e-mailed twice. Returns how many were e-mailed.
    """
    version = DocumentVersion.objects.select_related("document").get(pk=version_id)
    members = (
        get_user_model()
        .objects.filter(is_active=True, date_joined__lt=version.published_at)
        .exclude(email="")
        .order_by("pk")
    )
    context = {"version": version, "url": _absolute_url(version), "shop_name": settings.OSCAR_SHOP_NAME}
    # Members have no stored language: the notice carries both.
    with translation.override("ja"):
        subject_ja = render_to_string("legal/emails/change_notice_subject.txt", context).strip()
        body_ja = render_to_string("legal/emails/change_notice_body.txt", context)
    with translation.override("en"):
        subject_en = render_to_string("legal/emails/change_notice_subject.txt", context).strip()
        body_en = render_to_string("legal/emails/change_notice_body.txt", context)
    subject = f"{subject_ja} / {subject_en}"
    body = f"{body_ja}\n\n----------------------------------------\n\n{body_en}"

    emailed = 0
    for member in members.iterator(chunk_size=500):
        notice, _created = ChangeNotice.objects.get_or_create(version=version, user=member)
        if notice.emailed_at is not None:
            continue
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.email])
        ChangeNotice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
        emailed += 1
    return emailed


def _absolute_url(version: DocumentVersion) -> str:
    with translation.override("ja"):
        path = reverse("legal:version", kwargs={"kind": version.kind, "number": version.number})
    return settings.SHOP_BASE_URL.rstrip("/") + path
