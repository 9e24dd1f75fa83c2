# PLACEHOLDER: replaced by feat/holdings at merge
"""Minimal stand-in for the personal-data export; the real module comes from feat/holdings."""

import json

from django.utils import timezone


def personal_data_export(*, user=None, email: str = "") -> dict:
    """What the shop holds about a member (``user``) or an e-mail address, as a JSON-able dict."""
    from legal.models import ProvisionRecord

    email = email or (user.email if user is not None else "")
    account = {}
    if user is not None:
        account = {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
        }
    records = ProvisionRecord.objects.filter(subject_email__iexact=email) if email else []
    return {
        "exported_at": timezone.now().isoformat(),
        "email": email,
        "account": account,
        "provision_records": [
            {
                "provided_at": record.provided_at.isoformat(),
                "processor": record.processor_name,
                "purpose": record.purpose,
                "fields": record.fields,
            }
            for record in records
        ],
    }


def personal_data_export_pdf(export: dict) -> bytes:
    """The export as a PDF document."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    buffer = BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("HeiseiKakuGo-W5", 8)
    y = 800
    for line in json.dumps(export, ensure_ascii=False, indent=1).splitlines():
        page.drawString(40, y, line[:120])
        y -= 11
        if y < 40:
            page.showPage()
            page.setFont("HeiseiKakuGo-W5", 8)
            y = 800
    page.save()
    return buffer.getvalue()
