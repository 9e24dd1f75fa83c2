"""Invoice and receipt PDFs, rebuilt from the content stored when each was issued.

A pure renderer: it reads the snapshot (``Invoice.content`` / ``Receipt.content``)
and nothing else, and reportlab's invariant mode leaves out the creation time and
random document id, so the same record gives the same bytes on every download.
Japanese first, with English labels; the shop's embedded font (``common.pdf``).
"""

from __future__ import annotations

import datetime
import functools
import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common.pdf import page_count_canvas, pdf_font

MARGIN = 16 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN
INK = colors.HexColor("#1f2a24")
MUTED = colors.HexColor("#5b6660")
RULE = colors.HexColor("#b9c7bf")
SHADE = colors.HexColor("#eef3f0")
ALERT = colors.HexColor("#b3261e")

INVOICE_TITLE = ("適格請求書", "Qualified invoice")
SIMPLIFIED_TITLE = ("適格簡易請求書", "Simplified qualified invoice")
CORRECTED_PREFIX = ("修正した", "Corrected ")
RECEIPT_TITLE = ("領収書", "Receipt")
TAX_NOTE_EN = "The consumption tax is computed once per rate on the total and rounded down to whole yen."


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    font = pdf_font()
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=12, textColor=INK, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle("title", base, fontSize=20, leading=26, alignment=TA_CENTER),
        "subtitle": ParagraphStyle(
            "subtitle", base, fontSize=10, leading=13, alignment=TA_CENTER, textColor=MUTED
        ),  # fmt: skip
        "recipient": ParagraphStyle("recipient", base, fontSize=13, leading=17),
        "right": ParagraphStyle("right", base, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=10, textColor=MUTED),
        "note": ParagraphStyle("note", base, fontSize=9, leading=12, textColor=ALERT),
        "big": ParagraphStyle("big", base, fontSize=18, leading=24, alignment=TA_CENTER),
        "reissue": ParagraphStyle(
            "reissue", base, fontSize=14, leading=18, alignment=TA_CENTER, textColor=ALERT
        ),  # fmt: skip
    }


def _p(text: str, style: str = "base") -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _styles()[style])


def _yen(amount: int) -> str:
    return f"¥{amount:,}"


def _date_ja(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def _document(buffer: io.BytesIO, *, title: str, issuer: dict) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        initialFontName=pdf_font(),
        title=title,
        author=issuer["name_en"] or issuer["name"],
        creator=issuer["name_en"] or issuer["name"],
        invariant=1,  # no creation date or random id: the same record, the same bytes
    )


def _page_furniture(running_head: str):
    """Every page: "page/total" at the foot; from the second page, the document and its number at the top.

    A bulk order's lines run over several pages; each continuation page says what it belongs to,
    and the lines table repeats its column headings (``repeatRows``).
    """

    def draw(canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(pdf_font(), 8)
        canvas.setFillColor(MUTED)
        if page > 1:
            canvas.drawString(MARGIN, A4[1] - 10 * mm, f"{running_head}（続き continued）")
        canvas.drawRightString(A4[0] - MARGIN, 9 * mm, f"{page}/{total}")
        canvas.restoreState()

    return draw


def _issuer_block(issuer: dict) -> list:
    return [
        _p(issuer["name"]),
        _p(issuer["name_en"], "small"),
        _p(issuer["address"], "small"),
        _p(f"TEL {issuer['phone']}", "small"),
        _p(f"登録番号 {issuer['registration_number']}"),
        _p("Registration number", "small"),
    ]


def _facts_table(rows: list[tuple[str, str, str]]) -> Table:
    data = [[_p(label_ja), _p(label_en, "small"), _p(value, "right")] for label_ja, label_en, value in rows]
    table = Table(data, colWidths=[28 * mm, 30 * mm, 32 * mm])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE)])
    )
    return table


def _header(left: list, right: list) -> Table:
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH - 92 * mm, 92 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _rates_table(rates: list[dict], *, simplified: bool) -> Table:
    data = [[_p("税率区分 Rate"), _p("合計（税込） Total incl. tax", "right"), _p("消費税額 Tax", "right")]]
    for rate in rates:
        data.append(
            [
                _p(f"{rate['rate']}%対象 ({rate['rate']}% items)"),
                _p(_yen(rate["total_incl_tax"]), "right"),
                _p(_yen(rate["tax"]), "right"),
            ]
        )
    table = Table(data, colWidths=[CONTENT_WIDTH - 90 * mm, 45 * mm, 45 * mm])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def invoice_pdf(content: dict) -> bytes:
    """The invoice stated by ``content`` (``Invoice.content``) as PDF bytes."""
    simplified = content["simplified"]
    title_ja, title_en = SIMPLIFIED_TITLE if simplified else INVOICE_TITLE
    if content.get("replaces"):
        title_ja, title_en = CORRECTED_PREFIX[0] + title_ja, CORRECTED_PREFIX[1] + title_en.lower()
    issuer = content["issuer"]
    story: list = [_p(title_ja, "title"), _p(title_en, "subtitle"), Spacer(0, 6 * mm)]

    if simplified:
        recipient = [
            _p("（適格簡易請求書のため宛名は省略）", "small"),
            _p("Simplified invoice: no recipient name", "small"),
        ]
    else:
        recipient = [_p(f"{content['recipient_name']} 御中", "recipient"), _p("Recipient", "small")]
    facts = _facts_table(
        [
            ("請求書番号", "Invoice number", content["number"]),
            ("発行日", "Date of issue", _date_ja(content["issued_on"])),
            ("取引年月日", "Transaction date", _date_ja(content["transaction_date"])),
            ("ご注文番号", "Order number", content["order_number"]),
        ]
    )
    story += [_header([*recipient, Spacer(0, 4 * mm), *_issuer_block(issuer)], [facts]), Spacer(0, 6 * mm)]

    if content.get("replaces"):
        replaced = content["replaces"]
        story += [
            _p(
                f"本書は {_date_ja(replaced['issued_on'])} 発行の請求書 {replaced['number']} を"
                f"修正したものです（理由: {content['correction_reason']}）。"
            ),
            _p(
                f"This invoice corrects invoice {replaced['number']} issued on {replaced['issued_on']}.",
                "small",
            ),
            Spacer(0, 4 * mm),
        ]

    story += [
        _p(f"ご請求金額（税込） Total incl. tax  {_yen(content['total_incl_tax'])}", "recipient"),
        Spacer(0, 4 * mm),
    ]

    data = [
        [
            _p("品名 Description"),
            _p("数量 Quantity", "right"),
            _p("単価（税込） Unit price", "right"),
            _p("金額（税込） Amount", "right"),
            _p("税率 Rate", "right"),
        ]
    ]
    for line in content["lines"]:
        if line.get("adjustment"):
            data.append([_p("調整額 Adjustment"), "", "", _p(_yen(line["amount"]), "right"),
                         _p(f"{line['rate']}%", "right")])  # fmt: skip
            continue
        data.append(
            [
                _p(line["title"]),
                _p(f"{line['tonnes']:,} t-CO2", "right"),
                _p(_yen(line["unit_price"]), "right"),
                _p(_yen(line["amount"]), "right"),
                _p(f"{line['rate']}%", "right"),
            ]
        )
    lines_table = Table(
        data, colWidths=[CONTENT_WIDTH - 112 * mm, 26 * mm, 30 * mm, 32 * mm, 24 * mm], repeatRows=1
    )
    lines_table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    # The totals per rate and how the tax was computed stay together, after the last line.
    story += [
        lines_table,
        Spacer(0, 5 * mm),
        KeepTogether(
            [
                _rates_table(content["rates"], simplified=simplified),
                Spacer(0, 3 * mm),
                _p("消費税額は税率ごとに合計額から一度だけ計算し、1円未満を切り捨てています。", "small"),
                _p(TAX_NOTE_EN, "small"),
            ]
        ),
    ]
    running_head = f"{title_ja} {title_en} {content['number']} ご注文番号 Order {content['order_number']}"
    buffer = io.BytesIO()
    _document(buffer, title=f"{title_ja} {content['number']}", issuer=issuer).build(
        story, canvasmaker=page_count_canvas(_page_furniture(running_head))
    )
    return buffer.getvalue()


def receipt_pdf(content: dict, *, copy_number: int, printed_on: datetime.date) -> bytes:
    """The receipt stated by ``content`` (``Receipt.content``); later copies say they are reissues."""
    issuer = content["issuer"]
    story: list = [_p(RECEIPT_TITLE[0], "title"), _p(RECEIPT_TITLE[1], "subtitle")]
    if copy_number > 1:
        story += [
            Spacer(0, 2 * mm),
            _p("再発行 REISSUE", "reissue"),
            _p(
                f"この領収書は再発行です（{copy_number}回目の発行、{_date_ja(printed_on.isoformat())}）。"
                f" This receipt is a reissue (copy {copy_number}, printed {printed_on.isoformat()}).",
                "note",
            ),
        ]
    addressee = content["addressee"] or "　　　　　　　　"
    facts = _facts_table(
        [
            ("領収書番号", "Receipt number", content["number"]),
            ("発行日", "Date of issue", _date_ja(content["issued_on"])),
            ("お取引日", "Transaction date", _date_ja(content["transaction_date"])),
            ("ご注文番号", "Order number", content["order_number"]),
        ]
    )
    story += [
        Spacer(0, 6 * mm),
        _header([_p(f"{addressee} 様", "recipient"), _p("Received from", "small")], [facts]),
        Spacer(0, 8 * mm),
        _p(f"金額 {_yen(content['total_incl_tax'])}-（税込）", "big"),
        _p(f"Amount received {_yen(content['total_incl_tax'])} (tax included)", "subtitle"),
        Spacer(0, 4 * mm),
        _p("但し カーボン・オフセット代金として、上記正に領収いたしました。"),
        _p("For carbon offset credits; received with thanks.", "small"),
        _p("お支払い方法: クレジットカード決済 Payment: credit card", "base"),
        _p(
            "クレジットカード決済のため、収入印紙の貼付は不要です。 No revenue stamp: paid by credit card.",
            "small",
        ),
        Spacer(0, 5 * mm),
        _rates_table(content["rates"], simplified=True),
        Spacer(0, 8 * mm),
        *_issuer_block(issuer),
    ]
    running_head = f"{RECEIPT_TITLE[0]} {RECEIPT_TITLE[1]} {content['number']}"
    buffer = io.BytesIO()
    _document(buffer, title=f"{RECEIPT_TITLE[0]} {content['number']}", issuer=issuer).build(
        story, canvasmaker=page_count_canvas(_page_furniture(running_head))
    )
    return buffer.getvalue()
