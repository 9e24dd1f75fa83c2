"""One person's personal data, as the register describes it: a dict (JSON) and a PDF.

``personal_data_export`` walks ``HOLDINGS`` section by section and returns
every row the shop holds about the person with the fields the register
names, labelled in the active language. ``personal_data_export_pdf`` lays the
same dict out as a readable PDF (Japanese or English, by the active
language), with the Japanese font embedded as in the certificate PDF.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common.pdf import pdf_font

from .holding import field_at
from .holdings import HOLDINGS, SECTIONS

EXPORT_FORMAT = "offsetmart-personal-data/1"
JAPANESE_TEXT = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}(?:[+-]\d{2}:\d{2}|Z)?$")


def personal_data_export(*, user=None, email: str = "") -> dict:
    """Everything the register holds about a person, ready for ``json.dumps``.

    ``user`` reaches the member's rows through their account. ``email`` also
    reaches rows that carry that address (guest orders, e-mails, alerts):
    account addresses are not verified, so pass it only once the person's
    identity is checked (a disclosure request), never for the self-service page.

    Returns {"format", "generated_at", "language", "shop", "subject",
    "sections": {section: {"title", "tables": {entry: {"title", "labels", "rows"}}}}};
    values are JSON types, dates in ISO 8601 (Asia/Tokyo), choices as their labels.
    """
    if user is None and not email:
        raise ValueError("Whose data? Give a member or an e-mail address.")
    sections: dict[str, dict] = {}
    for section, section_title in SECTIONS.items():
        entries = [holding for holding in HOLDINGS if holding.section == section and holding.export_fields]
        if not entries:
            continue  # e.g. privacy requests, until their model is registered
        tables = {}
        for holding in entries:
            paths = holding.export_paths
            fields = {path: field_at(holding.model_class, path) for path in paths}
            rows = holding.rows_of(user=user, email=email).order_by("pk").values(*paths)
            codes = {path: dict(choices.choices) for path, choices in holding.code_labels.items()}
            tables[holding.key] = {
                "title": str(holding.title),
                "labels": {path: holding.export_label(path) for path in paths},
                "rows": [
                    {path: _jsonable(row[path], fields[path], codes.get(path)) for path in paths}
                    for row in rows
                ],
            }
        sections[section] = {"title": str(section_title), "tables": tables}
    company = settings.COMPANY
    english = (get_language() or "").startswith("en")
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "language": get_language(),
        "shop": settings.OSCAR_SHOP_NAME,
        "controller": company["name_en"] if english else company["name"],
        "subject": {"member_id": user.pk if user else None, "email": email or (user.email if user else "")},
        "sections": sections,
    }


def _jsonable(value: Any, field: models.Field, codes: dict | None = None) -> Any:
    if value is None:
        return None
    if codes and isinstance(value, list):
        return [str(codes.get(code, code)) for code in value]
    if field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)  # phone numbers, UUIDs, file names


# --- PDF ---------------------------------------------------------------------------

INK = colors.HexColor("#1f2a24")
MUTED = colors.HexColor("#5b6660")
ACCENT = colors.HexColor("#2f6b4f")
RULE = colors.HexColor("#b9c7bf")
SHADE = colors.HexColor("#eef3f0")
MARGIN = 16 * mm
LABEL_WIDTH = 48 * mm


def personal_data_export_pdf(export: dict) -> bytes:
    """The export laid out for reading and printing: each section, each record as label/value pairs."""
    font = pdf_font()
    styles = _pdf_styles(font)
    story = [
        Paragraph(escape(_("Personal data we hold about you")), styles["title"]),
        Paragraph(
            escape(
                _("%(controller)s (%(shop)s), as of %(when)s")
                % {
                    "controller": export["controller"],
                    "shop": export["shop"],
                    "when": export_value_text(export["generated_at"]),
                }
            ),
            styles["muted"],
        ),
        Paragraph(
            escape(_("E-mail address: %(email)s") % {"email": export["subject"]["email"] or "—"}),
            styles["muted"],
        ),
        Spacer(1, 6 * mm),
    ]
    for section in export["sections"].values():
        story.append(Paragraph(escape(section["title"]), styles["section"]))
        for table in section["tables"].values():
            heading = Paragraph(
                escape(f"{table['title']} ({len(table['rows'])})"),
                styles["table"],
            )
            if not table["rows"]:
                story += [heading, Paragraph(escape(_("Nothing recorded.")), styles["muted"])]
                continue
            for position, row in enumerate(table["rows"]):
                record = _record_table(row, table["labels"], styles, font)
                # Keep a table's heading on the page of its first record.
                story.append(KeepTogether([heading, record]) if position == 0 else record)
                story.append(Spacer(1, 2 * mm))
        story.append(Spacer(1, 3 * mm))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=_("Personal data we hold about you"),
        author=export["controller"],
        lang=export.get("language") or "ja",
    )

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 9 * mm, f"{export['shop']} — {export_value_text(export['generated_at'])}")
        canvas.drawRightString(A4[0] - MARGIN, 9 * mm, str(doc.page))
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _pdf_styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=8.5, leading=11, textColor=INK)
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontSize=16, leading=21, textColor=ACCENT, spaceAfter=4
        ),
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED),
        "section": ParagraphStyle(
            "section", parent=base, fontSize=12.5, leading=16, textColor=ACCENT, spaceBefore=6, spaceAfter=3
        ),
        "table": ParagraphStyle("table", parent=base, fontSize=10, leading=13, spaceBefore=3, spaceAfter=2),
        "label": ParagraphStyle("label", parent=base, textColor=MUTED),
        "value": base,
        # Japanese has no spaces to break at; English must not break inside words.
        "value_cjk": ParagraphStyle("value_cjk", parent=base, wordWrap="CJK"),
    }


def _record_table(row: dict, labels: dict, styles: dict, font: str) -> Table:
    data = []
    for path, value in row.items():
        text = _pdf_value(value)
        style = styles["value_cjk"] if JAPANESE_TEXT.search(text) else styles["value"]
        data.append([Paragraph(escape(labels[path]), styles["label"]), Paragraph(text, style)])
    table = Table(data, colWidths=[LABEL_WIDTH, A4[0] - 2 * MARGIN - LABEL_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def export_value_text(value: Any) -> str:
    """One exported value as plain text, the same on the page and in the PDF."""
    if value is None or value == "":
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and (moment := ISO_DATETIME.match(value)):
        return f"{moment[1]} {moment[2]}"  # the export's times are already in Japan time
    return str(value)


def _pdf_value(value: Any) -> str:
    return escape(export_value_text(value)).replace("\n", "<br/>")


def export_for_display(export: dict) -> dict:
    """The export as the account page shows it: sections with records, and the sections with none.

    Returns {"generated_at": text, "sections": [{"key", "title", "tables": [{"key", "title",
    "records": [[(label, text)]]}]}], "empty_sections": [title]}; tables without rows are left out.
    """
    shown, empty = [], []
    for key, section in export["sections"].items():
        tables = [
            {
                "key": table_key,
                "title": table["title"],
                "records": [
                    [(table["labels"][path], export_value_text(value)) for path, value in row.items()]
                    for row in table["rows"]
                ],
            }
            for table_key, table in section["tables"].items()
            if table["rows"]
        ]
        if tables:
            shown.append({"key": key, "title": section["title"], "tables": tables})
        else:
            empty.append(section["title"])
    return {
        "generated_at": export_value_text(export["generated_at"]),
        "sections": shown,
        "empty_sections": empty,
    }
