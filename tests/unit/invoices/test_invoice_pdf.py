"""The invoice and receipt renderers: pure functions of the stored content, pictured under test-output/."""

import io
import re
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from shop.invoices.pdf import invoice_pdf, receipt_pdf
from tests.pdf_images import page_png

SCREENSHOT_DIR = Path(__file__).resolve().parents[3] / "test-output" / "invoices"
POINTS_PER_INCH = 72

ISSUER = {
    "name": "オフセットマート株式会社",
    "name_en": "Offset Mart K.K.",
    "address": "〒100-0005 東京都千代田区丸の内一丁目0番0号 デモビル5階",
    "phone": "03-0000-0000",
    "registration_number": "T1234567890123",
}
CONTENT = {
    "number": "INV-0000042",
    "issued_on": "2026-11-28",
    "transaction_date": "2026-11-20",
    "order_number": "100042",
    "issuer": ISSUER,
    "recipient_name": "株式会社サンプル商事 <経理部>",
    "simplified": False,
    "lines": [
        {
            "title": "北海道の森林経営プロジェクト（2023年度）",
            "tonnes": 3,
            "unit_price": 3300,
            "amount": 9900,
            "rate": 10,
        },
        {
            "title": "Solar power for schools (2024)",
            "tonnes": 2,
            "unit_price": 5500,
            "amount": 11000,
            "rate": 10,
        },
    ],
    "rates": [{"rate": 10, "total_incl_tax": 20900, "tax": 1900}],
    "total_incl_tax": 20900,
    "replaces": None,
    "correction_reason": "",
}


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_the_same_content_gives_the_same_bytes():
    assert invoice_pdf(CONTENT) == invoice_pdf(dict(CONTENT))


def test_markup_in_names_is_printed_as_written_and_every_line_is_there():
    text = _text(invoice_pdf(CONTENT))

    assert "株式会社サンプル商事<経理部>御中" in text
    assert "北海道の森林経営プロジェクト（2023年度）" in text and "Solarpowerforschools(2024)" in text
    assert "¥20,900" in text and "¥1,900" in text and "T1234567890123" in text


def test_many_lines_flow_onto_further_pages_without_losing_any():
    lines = [{**CONTENT["lines"][0], "title": f"プロジェクト{n:03d}"} for n in range(60)]
    pdf = invoice_pdf({**CONTENT, "lines": lines})

    text = _text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1
    assert all(f"プロジェクト{n:03d}" in text for n in range(60))


def test_a_reissued_receipt_says_so():
    receipt = {
        "number": "RCT-0000007",
        "issued_on": "2026-11-28",
        "addressee": "",
        "order_number": "100042",
        "transaction_date": "2026-11-20",
        "total_incl_tax": 20900,
        "rates": CONTENT["rates"],
        "payment_method": "card",
        "issuer": ISSUER,
    }
    import datetime

    day = datetime.date(2026, 12, 1)
    assert "再発行" not in _text(receipt_pdf(receipt, copy_number=1, printed_on=day))
    assert "再発行" in _text(receipt_pdf(receipt, copy_number=3, printed_on=day))


def test_the_first_page_of_an_invoice_renders_with_only_the_embedded_font(tmp_path):
    """Saves test-output/invoices/invoice-page1.png: the invoice as a customer's viewer shows it."""
    dpi = 100
    png = page_png(invoice_pdf(CONTENT), SCREENSHOT_DIR / "invoice-page1", dpi=dpi, fontless_dir=tmp_path)

    image = Image.open(png).convert("L")
    to_pixels = dpi / POINTS_PER_INCH
    top = 16 * POINTS_PER_INCH / 25.4  # the 16 mm margin, where the 20 pt Japanese title starts
    title_band = image.crop(
        (image.width // 4, round(top * to_pixels), image.width * 3 // 4, round((top + 26) * to_pixels))
    )
    dark_pixels = sum(title_band.histogram()[:128])
    assert dark_pixels > 300, f"only {dark_pixels} dark pixels where the title should be: {png}"


# --- Bulk orders: many lines over several pages -------------------------------------------------

BULK_LINES = [
    {
        "title": f"とても長い名前の森林経営による吸収プロジェクト{n:02d}（2023年度）",
        "tonnes": 1000 + n,
        "unit_price": 3300 + n,
        "amount": (1000 + n) * (3300 + n),
        "rate": 10,
    }
    for n in range(40)
]
BULK_TOTAL = sum(line["amount"] for line in BULK_LINES)
BULK_CONTENT = {
    **CONTENT,
    "lines": BULK_LINES,
    "total_incl_tax": BULK_TOTAL,
    "rates": [{"rate": 10, "total_incl_tax": BULK_TOTAL, "tax": BULK_TOTAL * 10 // 110}],
}


def test_a_bulk_invoice_numbers_its_pages_and_says_on_each_further_page_what_it_continues():
    pdf = invoice_pdf(BULK_CONTENT)

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"{number}/{total}" in text
        assert "品名 Description" in text  # the lines table's headings, repeated on every page with lines
        if number > 1:
            assert "INV-0000042" in text and "continued" in text


def test_a_bulk_invoice_keeps_every_line_inside_the_page_one_row_each_and_the_totals_at_the_end():
    from tests.pdf_layout import page_size, placed_texts

    pdf = invoice_pdf(BULK_CONTENT)
    placed = placed_texts(pdf)
    width, height = page_size(pdf)

    # nothing drawn off the page or in the outer 5 mm
    edge = 5 * POINTS_PER_INCH / 25.4
    assert all(edge < text.x < width - edge and edge < text.y < height - edge for text in placed)
    # every line printed once (its title may wrap onto two rows), with its own tonnes and amount
    squashed = _text(pdf)
    for line in BULK_LINES:
        assert squashed.count(line["title"]) == 1
        assert f"{line['tonnes']:,}t-CO2¥{line['unit_price']:,}¥{line['amount']:,}" in squashed
    # no two rows of the lines table drawn on the same baseline of a page
    quantities = [(text.page, round(text.y)) for text in placed if text.text.endswith("t-CO2")]
    assert len(quantities) == len(set(quantities)) == len(BULK_LINES)
    # the totals per rate and the tax note come after the last line, on the last page
    last_page = max(text.page for text in placed)
    rates = next(text for text in placed if text.text.startswith("10%対象"))
    note = next(text for text in placed if text.text.startswith("消費税額は税率ごとに"))
    last_line = max(quantities)
    assert rates.page == note.page == last_page and (rates.page, -rates.y) > (last_line[0], -last_line[1])
    assert f"¥{BULK_TOTAL:,}" in squashed and f"¥{BULK_TOTAL * 10 // 110:,}" in squashed


def test_the_second_page_of_a_bulk_invoice_renders_with_only_the_embedded_font(tmp_path):
    """Saves test-output/invoices/invoice-bulk-page2.png: a continuation page as a viewer shows it."""
    dpi = 100
    stem = SCREENSHOT_DIR / "invoice-bulk-page2"
    png = page_png(invoice_pdf(BULK_CONTENT), stem, dpi=dpi, page=2, fontless_dir=tmp_path)

    image = Image.open(png).convert("L")
    to_pixels = dpi / POINTS_PER_INCH
    # the running head (7–12 mm from the top) and the repeated column headings below it have ink
    head_band = image.crop(
        (0, round(7 * 72 / 25.4 * to_pixels), image.width // 2, round(12 * 72 / 25.4 * to_pixels))
    )
    assert sum(head_band.histogram()[:128]) > 150, f"no running head on page 2: {png}"
    table_band = image.crop((0, round(60 * to_pixels), image.width, round(300 * to_pixels)))
    assert sum(table_band.histogram()[:128]) > 2000, f"no lines on page 2: {png}"
