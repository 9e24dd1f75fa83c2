"""The PDF font: IPAexGothic, vendored with its licence, read through the one setting."""

import hashlib
import io
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pypdf import PdfReader
from reportlab.pdfgen import canvas

import common
from common import pdf

ROOT = Path(__file__).resolve().parents[3]
FONTS = Path(common.__file__).parent / "fonts"
# IPAexGothic 003.01 as IPA distributes it (ipaexg00301.zip); the licence allows redistributing
# it only unmodified (IPA Font License Agreement v1.0, Article 3, paragraph 2).
IPAEXG_00301_SHA256 = "6726fb3c804e3fbc3ff5f45eddfd2fb1a858c2b1e03d3f1d8619bbca8d0a0ccd"


def test_the_default_font_is_the_vendored_ipaexgothic_unmodified_with_its_licence_beside_it():
    # given the settings' default font
    font = Path(settings.PDF_FONT_PATH)

    # then it is the file in common/fonts/, byte for byte IPA's release
    assert font == FONTS / "ipaexg.ttf"
    assert hashlib.sha256(font.read_bytes()).hexdigest() == IPAEXG_00301_SHA256
    # and the licence agreement is attached to it, as the licence requires
    licence = (FONTS / "IPA_Font_License_Agreement_v1.0.txt").read_text(encoding="utf-8-sig")
    assert "IPA Font License Agreement v1.0" in licence


def test_a_package_install_ships_the_font_and_its_licence():
    # given the packaging rules (what `pip install .` copies besides the Python modules)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["common"]

    # then the font and the licence are both matched
    shipped = {path.name for pattern in patterns for path in FONTS.parent.glob(pattern)}
    assert {"ipaexg.ttf", "IPA_Font_License_Agreement_v1.0.txt"} <= shipped


def test_no_font_or_plotting_package_is_a_runtime_dependency():
    # given the shop's runtime dependencies
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = " ".join(project["project"]["dependencies"]).lower()

    # then the font no longer comes from japanize-matplotlib (numpy, matplotlib, fonttools)
    assert "japanize" not in runtime
    assert "matplotlib" not in runtime


def test_a_pdf_drawn_with_the_font_embeds_it():
    # given a page with Japanese text in the shop's font
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, initialFontName=pdf.pdf_font())
    page.setFont(pdf.pdf_font(), 12)
    page.drawString(72, 720, "カーボン・オフセット証明書")
    page.save()

    # then the font program travels inside the PDF
    fonts = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]["/Resources"]["/Font"]
    descendants = [
        descendant.get_object()
        for font in fonts.values()
        for descendant in font.get_object().get("/DescendantFonts", [font])
    ]
    japanese = [font for font in descendants if "IPAexGothic" in font["/BaseFont"]]
    assert japanese
    assert all("/FontFile2" in font["/FontDescriptor"].get_object() for font in japanese)


def test_a_font_path_that_is_no_file_is_refused_clearly(settings, tmp_path):
    # given a setting naming a file that is not there
    settings.PDF_FONT_PATH = str(tmp_path / "missing.ttf")
    pdf.pdf_font.cache_clear()

    # then the first render says which setting is wrong
    try:
        with pytest.raises(ImproperlyConfigured, match="PDF_FONT_PATH"):
            pdf.pdf_font()
    finally:
        pdf.pdf_font.cache_clear()
