"""Where a PDF's text sits, read back with pypdf: to prove many lines are neither cut off nor overlapping."""

import io
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class PlacedText:
    page: int  # 1-based
    x: float  # points from the left edge
    y: float  # points from the bottom edge (the text's baseline)
    text: str


def placed_texts(pdf: bytes) -> list[PlacedText]:
    """Every non-blank text fragment of ``pdf`` with the page and position it is drawn at."""
    placed: list[PlacedText] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):

        def visit(text, cm, tm, _font, _size, number=number):
            if text.strip():
                # The text matrix's origin, through the current transformation matrix, in page space.
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                placed.append(PlacedText(number, x, y, text.strip()))

        page.extract_text(visitor_text=visit)
    return placed


def page_size(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return float(box.width), float(box.height)
