import dataclasses
import datetime
import io
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from offsets.certificate_pdf import CertificateContent, CertificateLine, certificate_pdf_render
from tests.pdf_images import page_png

SCREENSHOT_DIR = Path(__file__).resolve().parents[3] / "test-output" / "certificates"
VERIFICATION_URL = (
    "http://127.0.0.1:8000/verify/OM-2026-000123/?t=kV3q9ZxT0bLwR2mN8pY5sUcE7hJ4aFgD1iKoQ6rWtXz"
)
POINTS_PER_INCH = 72

FOREST_LINE = CertificateLine(
    project_name="高知県梼原町 間伐促進による森林吸収プロジェクト",
    project_name_en="Yusuhara Forest Thinning Removal Project, Kochi",
    registry="J-クレジット制度",
    registry_en="J-Credit Scheme",
    registry_url="https://registry.example.jp/projects/JCL-0158/",
    registry_project_id="JCL-0158",
    methodology="森林経営活動 FO-001",
    methodology_en="Forest management FO-001",
    vintage=2022,
    serial_prefix="JPN-FO-0158-2022",
    serial_first=101,
    serial_last=125,
    tonnes=25,
    retirement_reference="無効化第2026-0312号",
    retired_on=datetime.date(2026, 3, 12),
)
SOLAR_LINE = CertificateLine(
    project_name="岩手県 家庭用太陽光発電の導入",
    project_name_en="Residential Solar Power, Iwate",
    registry="ゴールド・スタンダード",
    registry_en="Gold Standard",
    registry_url="",
    registry_project_id="GS-4471",
    methodology="再生可能エネルギーによる発電",
    methodology_en="Renewable electricity generation",
    vintage=2021,
    serial_prefix="GS1-1-JP-GS4471-12-2021",
    serial_first=5001,
    serial_last=6075,
    tonnes=1075,
    retirement_reference="GS-RET-88231",
    retired_on=datetime.date(2026, 3, 20),
)
CONTENT = CertificateContent(
    number="OM-2026-000123",
    issued_on=datetime.date(2026, 4, 1),
    beneficiary_name="株式会社サンプル商事",
    offset_purpose="令和7年度 本社ビルの電力使用に伴う排出量のオフセット",
    tonnes=1100,
    lines=(FOREST_LINE, SOLAR_LINE),
    verification_url=VERIFICATION_URL,
    issuer_name="オフセットマート株式会社",
    issuer_name_en="Offset Mart K.K.",
    status_note="この証明書は OM-2026-000100 を差し替えます / Replaces OM-2026-000100",
)
LABELS = [
    ("証明書番号", "Certificate No."),
    ("発行日", "Date of issue"),
    ("受益者", "Beneficiary"),
    ("目的（購入者の記載）", "Purpose (buyer's words)"),
    ("オフセット量", "Total offset"),
    ("プロジェクト", "Project"),
    ("制度", "Registry"),
    ("登録番号", "Project ID"),
    ("方法論", "Methodology"),
    ("ヴィンテージ", "Vintage"),
    ("シリアル番号", "Serials"),
    ("数量", "Quantity"),
    ("無効化番号", "Retirement no."),
    ("無効化日", "Retired on"),
    ("発行者", "Issuer"),
]


def _squashed(text: str) -> str:
    """Text without whitespace, so a value wrapped onto two lines still matches."""
    return re.sub(r"\s+", "", text)


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _certificate_with_lines(count: int) -> CertificateContent:
    lines = tuple(
        dataclasses.replace(
            FOREST_LINE,
            registry_project_id=f"JCL-{1000 + index}",
            serial_first=1000 * index + 1,
            serial_last=1000 * index + 25,
        )
        for index in range(count)
    )
    return dataclasses.replace(CONTENT, lines=lines, tonnes=25 * count)


def test_every_field_and_bilingual_label_is_in_the_pdf_text():
    # given a certificate for two serial ranges, in Japanese with English twins

    # when it is rendered
    pdf = certificate_pdf_render(content=CONTENT)

    # then every stated fact and both languages' labels can be read back from the PDF
    text = _squashed(_pdf_text(pdf))
    expected = [
        "カーボン・オフセット証明書",
        "Carbon Offset Certificate",
        "OM-2026-000123",
        "2026年4月1日",
        "2026-04-01",
        "株式会社サンプル商事",
        "令和7年度 本社ビルの電力使用に伴う排出量のオフセット",
        "1,100 t-CO2",
        "オフセットマート株式会社",
        "Offset Mart K.K.",
        "この証明書は OM-2026-000100 を差し替えます / Replaces OM-2026-000100",
        VERIFICATION_URL,
    ]
    for line in CONTENT.lines:
        expected += [
            line.project_name,
            line.project_name_en,
            line.registry,
            line.registry_en,
            line.registry_project_id,
            line.methodology,
            line.methodology_en,
            str(line.vintage),
            f"{line.serial_prefix} {line.serial_first}–{line.serial_last}",
            f"{line.tonnes:,} t-CO2",
            line.retirement_reference,
            line.retired_on.isoformat(),
        ]
    expected.append(FOREST_LINE.registry_url)
    for ja, en in LABELS:
        expected.append(f"{ja} / {en}")
    missing = [value for value in expected if _squashed(value) not in text]
    assert missing == []


def test_markup_characters_in_names_are_printed_as_written():
    # given a beneficiary and purpose containing characters that are markup to reportlab
    content = dataclasses.replace(
        CONTENT, beneficiary_name="佐藤 & 鈴木 <共同事業体>", offset_purpose="イベント「春 & 秋」<2026>"
    )

    # when it is rendered
    text = _squashed(_pdf_text(certificate_pdf_render(content=content)))

    # then they appear verbatim
    assert _squashed("佐藤 & 鈴木 <共同事業体>") in text
    assert _squashed("イベント「春 & 秋」<2026>") in text


def test_the_japanese_font_is_embedded_in_every_font_resource():
    # given a rendered certificate
    reader = PdfReader(io.BytesIO(certificate_pdf_render(content=CONTENT)))

    # when every font the pages use is collected
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts += [descendant.get_object() for descendant in font.get("/DescendantFonts", [])] or [font]

    # then each one carries its own font program, so no installed font is needed to read it
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
    assert all("IPAexGothic" in font["/BaseFont"] for font in fonts)


def test_the_qr_code_and_its_link_lead_to_the_verification_url(tmp_path):
    # given a rendered certificate
    pdf = certificate_pdf_render(content=CONTENT)

    # when page 1 is rasterised and the QR code decoded
    png = page_png(pdf, tmp_path / "qr", dpi=200)
    barcodes = zxingcpp.read_barcodes(Image.open(png))

    # then the code holds the verification URL
    assert [barcode.text for barcode in barcodes] == [VERIFICATION_URL]
    # and the QR code's square is a link to the same URL
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    square_links = []
    for annotation in page["/Annots"]:
        annotation = annotation.get_object()
        left, bottom, right, top = (float(value) for value in annotation["/Rect"])
        if abs((right - left) - (top - bottom)) < 1 and right - left > 50:
            square_links.append(annotation["/A"]["/URI"])
    assert square_links == [VERIFICATION_URL]


def test_the_japanese_title_shows_on_a_machine_without_japanese_fonts(tmp_path):
    # given a rendered certificate
    pdf = certificate_pdf_render(content=CONTENT)

    # when page 1 is rendered to a PNG where fontconfig knows no font, so only the fonts embedded
    # in the PDF can draw text
    dpi = 100
    png = page_png(pdf, SCREENSHOT_DIR / "certificate-page1", dpi=dpi, fontless_dir=tmp_path)

    # then the band where the 20 pt Japanese title sits (below the 14 mm top margin, above the
    # English subtitle) has ink in it
    image = Image.open(png).convert("L")
    to_pixels = dpi / POINTS_PER_INCH
    top_margin_pt = 14 * POINTS_PER_INCH / 25.4
    title_band = image.crop(
        (
            image.width // 4,
            round(top_margin_pt * to_pixels),
            image.width * 3 // 4,
            round((top_margin_pt + 22) * to_pixels),
        )
    )
    dark_pixels = sum(title_band.histogram()[:128])
    assert dark_pixels > 400, f"only {dark_pixels} dark pixels where the title should be: {png}"


def test_five_serial_ranges_fit_on_one_page():
    # given a certificate for five serial ranges
    content = _certificate_with_lines(5)

    # when it is rendered
    reader = PdfReader(io.BytesIO(certificate_pdf_render(content=content)))

    # then it is one A4 page
    assert len(reader.pages) == 1
    assert [round(float(value)) for value in reader.pages[0].mediabox] == [0, 0, 595, 842]


def test_many_serial_ranges_flow_onto_further_pages_without_losing_any():
    # given a certificate for fourteen serial ranges
    content = _certificate_with_lines(14)

    # when it is rendered
    pdf = certificate_pdf_render(content=content)

    # then it takes several pages and every range, the issuer and the URL are still there
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1
    text = _squashed(_pdf_text(pdf))
    for line in content.lines:
        assert _squashed(f"{line.serial_prefix} {line.serial_first}–{line.serial_last}") in text
    assert "オフセットマート株式会社" in text
    assert VERIFICATION_URL in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tonnes": 1099}, "differs from the lines"),
        ({"lines": ()}, "at least one"),
    ],
)
def test_a_total_that_the_lines_do_not_add_up_to_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(CONTENT, **changes)


def test_a_quantity_its_serials_do_not_cover_is_refused():
    with pytest.raises(ValueError, match="cover 25 t, not 26 t"):
        dataclasses.replace(FOREST_LINE, tonnes=26)


@pytest.mark.parametrize(
    ("project_id", "pieces"),
    [
        ("DEMO-JC-EN-0202", ["DEMO-JC-EN-", "0202"]),
        ("GS-4471", ["GS-4471"]),
        ("VCS-PROJECT-2024/JP-0001-ISSUANCE-12", ["VCS-PROJECT-", "2024/JP-0001-", "ISSUANCE-12"]),
    ],
)
def test_a_registry_project_id_wraps_only_after_its_own_separators(project_id, pieces):
    # given a certificate whose project ID is longer than its cell, or not
    content = dataclasses.replace(
        CONTENT, lines=(dataclasses.replace(FOREST_LINE, registry_project_id=project_id),), tonnes=25
    )

    # when it is rendered and its text read back line by line
    lines = [line.strip() for line in _pdf_text(certificate_pdf_render(content=content)).splitlines()]

    # then the ID is whole, or broken only after a hyphen or slash, never inside a number or word
    start = next(index for index, line in enumerate(lines) if line.startswith(pieces[0]))
    assert [line.split()[0] for line in lines[start : start + len(pieces)]] == pieces


def test_a_bulk_order_certificate_keeps_its_many_serial_ranges_inside_the_frame_and_numbers_its_pages():
    from offsets.certificate_pdf import CertificateDisclosure
    from tests.pdf_layout import page_size, placed_texts

    # given a certificate for a bulk order: 32 serial ranges, each with its project's disclosure
    disclosure = CertificateDisclosure(
        offset_type="除去", offset_type_en="Removal", verification_body="テスト検証機関",
        verification_body_en="Test Verification Body", verified_on=datetime.date(2024, 6, 30),
        additionality="収益がなければ間伐は行われません。", additionality_en="Thinning needs the revenue.",
        permanence="制度の規則により補填されます。", permanence_en="Made good under the scheme's rules.",
        sdg_numbers=(13, 15),
    )  # fmt: skip
    lines = tuple(
        dataclasses.replace(
            FOREST_LINE,
            registry_project_id=f"JCL-{1000 + index}",
            serial_first=100_000 * index + 1,
            serial_last=100_000 * index + 25_000,
            tonnes=25_000,
            disclosure=disclosure,
        )
        for index in range(32)
    )
    content = dataclasses.replace(CONTENT, lines=lines, tonnes=25_000 * 32)

    # when it is rendered
    pdf = certificate_pdf_render(content=content)

    # then every range is there once, every page is numbered "n/total" and nothing leaves the frame
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    text = _squashed("\n".join(pages))
    for line in lines:
        assert text.count(_squashed(f"{line.serial_prefix} {line.serial_first}–{line.serial_last}")) == 1
    assert _squashed("800,000 t-CO2") in text
    for number, page_text in enumerate(pages, start=1):
        assert f"OM-2026-000123 · {number}/{len(pages)}" in page_text
    width, height = page_size(pdf)
    frame = 8.5 * POINTS_PER_INCH / 25.4  # the inner frame line
    assert all(frame < t.x < width - frame and frame < t.y < height - frame for t in placed_texts(pdf))
