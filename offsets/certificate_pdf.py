"""Bilingual (Japanese / English) carbon offset certificate as a PDF.

A pure renderer: it takes a ``CertificateContent`` and returns PDF bytes, and
knows nothing of models or the database.

The Japanese font, embedded in every PDF, is the shop's one PDF font
(``common.pdf``, ``settings.PDF_FONT_PATH``).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import io
import re
from xml.sax.saxutils import escape, quoteattr

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common.pdf import page_count_canvas, pdf_font

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 14 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 28 * mm

INK = colors.HexColor("#1f2a24")
MUTED = colors.HexColor("#5b6660")
ACCENT = colors.HexColor("#2f6b4f")
RULE = colors.HexColor("#b9c7bf")
SHADE = colors.HexColor("#eef3f0")

TITLE_JA = "カーボン・オフセット証明書"
TITLE_EN = "Carbon Offset Certificate"
STATEMENT_JA = (
    "下記のカーボン・クレジットは、上記の受益者のために無効化され、再び使用されることはありません。"
)
STATEMENT_EN = (
    "The carbon credits listed below have been retired on behalf of the beneficiary named above "
    "and can never be used again."
)
# What the certificate claims: a contribution, never neutrality (the claim phrases in offsets/claims.py
# are run over the rendered text by a test).
# Printed at the foot of every page, outside the flow of particulars and serial ranges.
CONTRIBUTION_JA = (
    "この証明書は、クレジットの無効化への資金拠出（排出削減・吸収への貢献）を証明するもので、"
    "受益者自身の排出量について述べるものではありません。"
)
CONTRIBUTION_EN = (
    "This certificate records a contribution: funding the retirement of these credits. "
    "It makes no statement about the beneficiary's own emissions."
)
CLAIMS_GUIDE_JA = "この証明書について言えること・言えないことの案内："
CLAIMS_GUIDE_EN = "What you may say about this certificate:"
VERIFY_JA = "この証明書の真正性は、QRコードまたは下記のURLでご確認いただけます。"
VERIFY_EN = "Scan the code or open the address below to verify this certificate."


@dataclasses.dataclass(frozen=True)
class CertificateDisclosure:
    """The project's quality disclosure, resolved to text in both languages ("" when not stated)."""

    offset_type: str
    offset_type_en: str
    verification_body: str = ""
    verification_body_en: str = ""
    verified_on: datetime.date | None = None
    monitoring_period_start: datetime.date | None = None
    monitoring_period_end: datetime.date | None = None
    additionality: str = ""
    additionality_en: str = ""
    permanence: str = ""
    permanence_en: str = ""
    buffer_pool_percent: int | None = None
    sdg_numbers: tuple[int, ...] = ()
    ccp_label: str = ""
    ccp_label_en: str = ""
    corresponding_adjustment: str = ""
    corresponding_adjustment_en: str = ""


@dataclasses.dataclass(frozen=True)
class CertificateLine:
    """One retired serial range."""

    project_name: str
    project_name_en: str
    registry: str
    registry_en: str
    registry_url: str
    registry_project_id: str
    methodology: str
    methodology_en: str
    vintage: int
    serial_prefix: str
    serial_first: int
    serial_last: int
    tonnes: int
    retirement_reference: str
    retired_on: datetime.date
    disclosure: CertificateDisclosure | None = None

    def __post_init__(self):
        # One serial is one tonne: a certificate must never state a quantity its serials don't cover.
        if self.serial_last - self.serial_first + 1 != self.tonnes:
            raise ValueError(
                f"serials {self.serial_first}–{self.serial_last} cover "
                f"{self.serial_last - self.serial_first + 1} t, not {self.tonnes} t"
            )


@dataclasses.dataclass(frozen=True)
class CertificateContent:
    """Everything a certificate states, already resolved to text and numbers."""

    number: str
    issued_on: datetime.date
    beneficiary_name: str
    offset_purpose: str
    tonnes: int
    lines: tuple[CertificateLine, ...]
    verification_url: str
    issuer_name: str
    issuer_name_en: str
    status_note: str = ""
    claims_guide_url: str = ""
    # The footprint calculation the tonnes offset, when the buyer chose to state it (issue 16).
    calculation_ja: str = ""
    calculation_en: str = ""

    def __post_init__(self):
        if not self.lines:
            raise ValueError("a certificate needs at least one retired serial range")
        if sum(line.tonnes for line in self.lines) != self.tonnes:
            raise ValueError(
                f"total {self.tonnes} t differs from the lines' {sum(ln.tonnes for ln in self.lines)} t"
            )


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    font = pdf_font()
    base = ParagraphStyle("base", fontName=font, fontSize=8.5, leading=10.5, textColor=INK)
    return {
        "title_ja": ParagraphStyle("title_ja", base, fontSize=20, leading=24, alignment=TA_CENTER),
        "title_en": ParagraphStyle(
            "title_en", base, fontSize=12.5, leading=16, alignment=TA_CENTER, textColor=ACCENT
        ),
        "label": ParagraphStyle("label", base, fontSize=6.8, leading=8.5, textColor=MUTED),
        "value": base,
        "value_ja": ParagraphStyle("value_ja", base, wordWrap="CJK"),
        "value_big": ParagraphStyle("value_big", base, fontSize=11, leading=14),
        "value_big_ja": ParagraphStyle("value_big_ja", base, fontSize=11, leading=14, wordWrap="CJK"),
        "statement_ja": ParagraphStyle("statement_ja", base, fontSize=9, leading=13, wordWrap="CJK"),
        "statement_en": ParagraphStyle("statement_en", base, fontSize=8, leading=11, textColor=MUTED),
        "line_heading": ParagraphStyle("line_heading", base, fontSize=9, leading=11, wordWrap="CJK"),
        "small": ParagraphStyle("small", base, fontSize=7, leading=9.5, textColor=MUTED),
        "small_ja": ParagraphStyle(
            "small_ja", base, fontSize=7.5, leading=10, textColor=MUTED, wordWrap="CJK"
        ),
        "url": ParagraphStyle("url", base, fontSize=6.5, leading=8, textColor=MUTED, alignment=TA_RIGHT),
    }


def _text(value: str) -> str:
    return escape(value)


def _label(ja: str, en: str) -> Paragraph:
    return Paragraph(f"{_text(ja)} / {_text(en)}", _styles()["label"])


def _bilingual(ja: str, en: str, *, big: bool = False) -> list[Paragraph]:
    """Japanese on one line, English under it; one paragraph when both are the same."""
    styles = _styles()
    ja_style, en_style = (
        (styles["value_big_ja"], styles["value_big"]) if big else (styles["value_ja"], styles["value"])
    )
    if ja == en or not en:
        return [Paragraph(_text(ja), ja_style)]
    return [Paragraph(_text(ja), ja_style), Paragraph(_text(en), en_style)]


def _pair(ja: str, en: str) -> str:
    """「ja / en」, or just one of them when they are the same or English is missing."""
    return ja if ja == en or not en else f"{ja} / {en}"


def _date_text(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日 ({day.isoformat()})"


def _tonnes_text(tonnes: int) -> str:
    return f"{tonnes:,} t-CO2"


def _link(url: str) -> str:
    return f"<a href={quoteattr(url)} color='#2f6b4f'>{_text(url)}</a>"


class QrCode(Flowable):
    """A QR code drawn as vector rectangles, the whole square a link to ``url``."""

    def __init__(self, url: str, size: float):
        super().__init__()
        self.url = url
        self.qr = segno.make(url, error="m", micro=False)
        self.width = self.height = size

    def draw(self):
        canvas = self.canv
        modules = list(self.qr.matrix_iter(border=0))
        module = self.width / len(modules)
        canvas.saveState()
        canvas.setFillColor(colors.black)
        for row_index, row in enumerate(modules):
            y = self.height - (row_index + 1) * module
            column = 0
            # one rectangle per run of dark modules keeps the page small and seamless
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                run_start = column
                while column < len(row) and row[column]:
                    column += 1
                canvas.rect(run_start * module, y, (column - run_start) * module, module, stroke=0, fill=1)
        canvas.restoreState()
        canvas.linkURL(self.url, (0, 0, self.width, self.height), relative=1, thickness=0)


def _header_block(content: CertificateContent) -> list[Flowable]:
    """The certificate's particulars, the QR code beside them and its URL under it."""
    styles = _styles()
    rows = [
        [_label("証明書番号", "Certificate No."), Paragraph(_text(content.number), styles["value_big"])],
        [_label("発行日", "Date of issue"), Paragraph(_date_text(content.issued_on), styles["value"])],
        [_label("受益者", "Beneficiary"), Paragraph(_text(content.beneficiary_name), styles["value_big_ja"])],
    ]
    if content.offset_purpose:
        # The buyer's own words, labelled as theirs: the certificate's wording itself claims no neutrality.
        rows.append(
            [
                _label("目的（購入者の記載）", "Purpose (buyer's words)"),
                Paragraph(_text(content.offset_purpose), styles["value_ja"]),
            ]
        )
    rows.append(
        [_label("オフセット量", "Total offset"), Paragraph(_tonnes_text(content.tonnes), styles["value_big"])]
    )
    if content.calculation_ja or content.calculation_en:
        rows.append([_label("計算", "Calculation"), _calculation_paragraphs(content)])
    particulars_width = CONTENT_WIDTH - QR_SIZE - 6 * mm
    particulars = Table(rows, colWidths=[34 * mm, particulars_width - 34 * mm])
    particulars.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf_font()),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 1, ACCENT),
                ("LINEBELOW", (0, -1), (-1, -1), 1, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    layout = Table(
        [[particulars, QrCode(content.verification_url, QR_SIZE)]],
        colWidths=[particulars_width, CONTENT_WIDTH - particulars_width],
    )
    layout.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf_font()),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [layout, Spacer(1, 1 * mm), _url_paragraph(content.verification_url)]


def _calculation_paragraphs(content: CertificateContent) -> list[Paragraph]:
    """The footprint calculation statement, Japanese then English (issue 16)."""
    styles = _styles()
    return [
        Paragraph(_text(text), style)
        for text, style in (
            (content.calculation_ja, styles["small_ja"]),
            (content.calculation_en, styles["small"]),
        )
        if text
    ]


# Where an identifier may wrap: after one of these (DEMO-JC-EN-0202, GS1-1-JP/2021, JCL_0158).
_IDENTIFIER_PIECES = re.compile(r"[^-/_]+[-/_]*|[-/_]+")


def _identifier(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """An identifier (a registry project ID) that wraps only after a hyphen, slash or underscore.

    reportlab splits a word too long for its cell at any character, so "DEMO-JC-EN-0202" came
    out as "DEMO-JC-EN-0" / "202", which no registry would find. Line breaks are chosen here at
    the identifier's own separators; only a piece longer than the cell is still split.
    """
    lines: list[str] = []
    current = ""
    for piece in _IDENTIFIER_PIECES.findall(text):
        if current and pdfmetrics.stringWidth(current + piece, style.fontName, style.fontSize) > width:
            lines.append(current)
            current = piece
        else:
            current += piece
    lines.append(current)
    return Paragraph("<br/>".join(_text(line) for line in lines), style)


def _line_table(position: int, line: CertificateLine) -> Table:
    styles = _styles()

    def value(text: str, style: str = "value") -> Paragraph:
        return Paragraph(_text(text), styles[style])

    project = Paragraph(
        f"{position}.&nbsp;&nbsp;{_text(line.project_name)}<br/>"
        f"<font size='7.5' color='#5b6660'>{_text(line.project_name_en)}</font>",
        styles["line_heading"],
    )
    label_width, right_label_width, right_value_width = 35 * mm, 31 * mm, 26 * mm
    cell_padding = 4 + 6  # LEFTPADDING below, and reportlab's default right padding
    registry_text = _text(_pair(line.registry, line.registry_en))
    if line.registry_url:
        registry_text += f"<br/><font size='6.5'>{_link(line.registry_url)}</font>"
    rows = [
        [_label("プロジェクト", "Project"), project, "", ""],
        [
            _label("制度", "Registry"),
            Paragraph(registry_text, styles["value_ja"]),
            _label("登録番号", "Project ID"),
            _identifier(line.registry_project_id, styles["value"], right_value_width - cell_padding),
        ],
        [
            _label("方法論", "Methodology"),
            value(_pair(line.methodology, line.methodology_en), "value_ja"),
            _label("ヴィンテージ", "Vintage"),
            value(str(line.vintage)),
        ],
        [
            _label("シリアル番号", "Serials"),
            value(f"{line.serial_prefix} {line.serial_first}–{line.serial_last}"),
            _label("数量", "Quantity"),
            value(_tonnes_text(line.tonnes)),
        ],
        [
            _label("無効化番号", "Retirement no."),
            value(line.retirement_reference),
            _label("無効化日", "Retired on"),
            value(line.retired_on.isoformat()),
        ],
    ]
    spans = [("SPAN", (1, 0), (3, 0))]
    if line.disclosure is not None:
        disclosure_rows = _disclosure_rows(line.disclosure)
        spans += [
            ("SPAN", (1, row), (3, row))
            for row, cells in enumerate(disclosure_rows, start=len(rows))
            if cells[2] == ""
        ]
        rows += disclosure_rows
    wide_width = CONTENT_WIDTH - label_width - right_label_width - right_value_width
    table = Table(rows, colWidths=[label_width, wide_width, right_label_width, right_value_width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf_font()),
                *spans,
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


# --- Project quality disclosure (issue 16) ---------------------------------------------

NOT_STATED = "記載なし / Not stated"


def _disclosure_rows(disclosure: CertificateDisclosure) -> list[list]:
    """The line table's rows for the project's quality disclosure; a row with "" third cell spans."""
    styles = _styles()

    def value(text: str) -> Paragraph:
        return Paragraph(_text(text or NOT_STATED), styles["value_ja"])

    def both(ja: str, en: str) -> Paragraph | list[Paragraph]:
        if not ja and not en:
            return value("")
        if not en or en == ja:
            return Paragraph(_text(ja), styles["small_ja"])
        # English in its own paragraph: CJK wrapping would split English words anywhere.
        return [Paragraph(_text(ja), styles["small_ja"]), Paragraph(_text(en), styles["small"])]

    verification = _pair(disclosure.verification_body, disclosure.verification_body_en)
    if verification and disclosure.verified_on:
        verification += f"（{disclosure.verified_on.isoformat()}）"
    period = (
        f"{disclosure.monitoring_period_start.isoformat()} – {disclosure.monitoring_period_end.isoformat()}"
        if disclosure.monitoring_period_start and disclosure.monitoring_period_end
        else ""
    )
    permanence_en = disclosure.permanence_en
    permanence = disclosure.permanence
    if disclosure.buffer_pool_percent is not None:
        permanence += f"（バッファープール：発行量の{disclosure.buffer_pool_percent}%）"
        permanence_en += f" (buffer pool: {disclosure.buffer_pool_percent}% of credits issued)"
    sdgs = ", ".join(str(number) for number in disclosure.sdg_numbers) or "—"
    return [
        [
            _label("除去・削減", "Removal / avoidance"),
            value(_pair(disclosure.offset_type, disclosure.offset_type_en)),
            _label("ICVCM CCPラベル", "CCP label"),
            both(disclosure.ccp_label, disclosure.ccp_label_en),
        ],
        [
            _label("妥当性確認・検証", "Validation / verification"),
            value(verification),
            _label("相当調整（パリ協定6条）", "Corresponding adj."),
            both(disclosure.corresponding_adjustment, disclosure.corresponding_adjustment_en),
        ],
        [
            _label("モニタリング期間", "Monitoring period"),
            value(period),
            _label("コベネフィット", "Co-benefits (SDGs)"),
            value(sdgs),
        ],
        [_label("追加性", "Additionality"), both(disclosure.additionality, disclosure.additionality_en)]
        + ["", ""],
        [_label("永続性・反転リスク", "Permanence, reversal risk"), both(permanence, permanence_en), "", ""],
    ]


def _closing_block(content: CertificateContent) -> KeepTogether:
    """The issuer, the optional status note and how to verify the certificate."""
    styles = _styles()
    issuer = [_label("発行者", "Issuer"), *_bilingual(content.issuer_name, content.issuer_name_en, big=True)]
    notes = []
    if content.status_note:
        notes += [Paragraph(_text(content.status_note), styles["small_ja"]), Spacer(1, 1.5 * mm)]
    notes += [
        _label("証明書の確認", "Verification"),
        Paragraph(_text(VERIFY_JA), styles["small_ja"]),
        Paragraph(_text(VERIFY_EN), styles["small"]),
    ]
    if content.claims_guide_url:
        notes.append(
            Paragraph(
                f"{_text(CLAIMS_GUIDE_JA)} {_text(CLAIMS_GUIDE_EN)} {_link(content.claims_guide_url)}",
                styles["small_ja"],
            )
        )
    table = Table([[issuer, notes]], colWidths=[CONTENT_WIDTH * 0.42, CONTENT_WIDTH * 0.58])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf_font()),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 1, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return KeepTogether([Spacer(1, 2 * mm), table])


def _url_paragraph(url: str) -> Paragraph:
    """The verification URL on one line under the QR code, shrunk to fit when it is long."""
    style = _styles()["url"]
    size = style.fontSize
    while size > 4.5 and pdfmetrics.stringWidth(url, style.fontName, size) > CONTENT_WIDTH - 2:
        size -= 0.25
    return Paragraph(_link(url), ParagraphStyle("url_fitted", style, fontSize=size, leading=size + 1.5))


def _page_decoration(canvas, doc):
    """A double frame round every page and what the certificate records, at the foot."""
    canvas.saveState()
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.rect(7 * mm, 7 * mm, PAGE_WIDTH - 14 * mm, PAGE_HEIGHT - 14 * mm)
    canvas.setLineWidth(0.4)
    canvas.rect(8.5 * mm, 8.5 * mm, PAGE_WIDTH - 17 * mm, PAGE_HEIGHT - 17 * mm)
    canvas.setFillColor(MUTED)
    canvas.setFont(pdf_font(), 5.8)
    canvas.drawString(MARGIN, 12.4 * mm, CONTRIBUTION_JA)
    canvas.drawString(MARGIN, 10.3 * mm, CONTRIBUTION_EN)
    canvas.restoreState()


def _page_number(certificate_number: str):
    """The certificate number and "page/total" at the foot of every page (many serial ranges take several)."""

    def draw(canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(pdf_font(), 6.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 10.5 * mm, f"{certificate_number} · {page}/{total}")
        canvas.restoreState()

    return draw


def certificate_pdf_render(*, content: CertificateContent) -> bytes:
    """Return the certificate as the bytes of an A4 PDF with its Japanese font embedded."""
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=13 * mm,
        initialFontName=pdf_font(),  # else reportlab puts Helvetica, never embedded, on every page
        title=f"{TITLE_JA} {content.number}",
        author=content.issuer_name_en or content.issuer_name,
        subject=TITLE_EN,
        creator=content.issuer_name_en or content.issuer_name,
    )
    story = [
        Paragraph(TITLE_JA, styles["title_ja"]),
        Paragraph(TITLE_EN, styles["title_en"]),
        Spacer(1, 3 * mm),
        *_header_block(content),
        Spacer(1, 2 * mm),
        Paragraph(_text(STATEMENT_JA), styles["statement_ja"]),
        Paragraph(_text(STATEMENT_EN), styles["statement_en"]),
        Spacer(1, 2 * mm),
    ]
    for position, line in enumerate(content.lines, start=1):
        # a serial range is never split across two pages
        story.append(KeepTogether([_line_table(position, line), Spacer(1, 1.5 * mm)]))
    story.append(_closing_block(content))
    doc.build(
        story,
        onFirstPage=_page_decoration,
        onLaterPages=_page_decoration,
        canvasmaker=page_count_canvas(_page_number(content.number)),
    )
    return buffer.getvalue()
