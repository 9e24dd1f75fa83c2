"""The invoice and receipt renderers: pure functions of the stored content, pictured under test-output/."""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from shop.invoices.pdf import invoice_pdf, receipt_pdf

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
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm is not on PATH (Debian package poppler-utils)")
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'fontconfig-cache'}</cachedir></fontconfig>\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf), "FONTCONFIG_PATH": str(tmp_path)}
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    stem = SCREENSHOT_DIR / "invoice-page1"
    stem.with_suffix(".pdf").write_bytes(invoice_pdf(CONTENT))
    dpi = 100

    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(stem.with_suffix(".pdf")),
            str(stem),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=60,
    )

    image = Image.open(stem.with_suffix(".png")).convert("L")
    to_pixels = dpi / POINTS_PER_INCH
    top = 16 * POINTS_PER_INCH / 25.4  # the 16 mm margin, where the 20 pt Japanese title starts
    title_band = image.crop(
        (image.width // 4, round(top * to_pixels), image.width * 3 // 4, round((top + 26) * to_pixels))
    )
    dark_pixels = sum(title_band.histogram()[:128])
    assert dark_pixels > 300, f"only {dark_pixels} dark pixels where the title should be: {stem}.png"
