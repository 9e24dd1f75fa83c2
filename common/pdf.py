"""The one font every PDF of the shop embeds: certificates, personal-data exports, and any PDF after them.

The font file is ``settings.PDF_FONT_PATH``; by default IPAexGothic
(``ipaexg.ttf``, IPAex font version 003.01) vendored in ``common/fonts/`` with
the distribution's readme and licence, unchanged: the IPA Font License
Agreement v1.0, which allows using the font in PDFs and distributing those PDFs
with no further obligation (Article 2, paragraphs 2, 3 and 5), and redistributing
the font file itself unmodified, under its own name, with the agreement attached
(Article 2, paragraph 6; Article 3, paragraph 2).
It is vendored rather than installed from a package so that running the shop
needs no font package (the one on PyPI pulled in numpy and matplotlib) and no
system font. reportlab embeds a subset of the TrueType outlines in every PDF,
so a PDF reads the same on a machine with no Japanese font installed.
"""

import functools
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_NAME = "IPAexGothic"


@functools.cache
def pdf_font() -> str:
    """Register the font with reportlab once per process and return its name.

    Parsing the 6 MB font takes a noticeable fraction of a second, so it is done on the
    first render only; every render then embeds just the glyphs it uses.
    """
    path = Path(settings.PDF_FONT_PATH or "")
    if not path.is_file():
        raise ImproperlyConfigured(
            f"PDF_FONT_PATH {str(path)!r} is not a font file (unset, it is common/fonts/ipaexg.ttf)"
        )
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
    return FONT_NAME


class PageCountCanvas(canvas.Canvas):
    """A reportlab canvas that knows the page count: each page gets "page/total" furniture at the end.

    reportlab draws a page before it knows how many follow, so every finished page is kept and
    ``draw_furniture(canvas, page, total)`` is called on each once the document is complete
    (running heads, "2/3" page numbers). Pass it to ``build`` through ``page_count_canvas``.
    """

    def __init__(self, *args, draw_furniture, **kwargs):
        super().__init__(*args, **kwargs)
        self._draw_furniture = draw_furniture
        self._finished_pages: list[dict] = []

    def showPage(self):  # noqa: N802  (reportlab's name)
        self._finished_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._finished_pages)
        for page, state in enumerate(self._finished_pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(self, page, total)
            super().showPage()
        super().save()


def page_count_canvas(draw_furniture):
    """A ``canvasmaker`` for ``doc.build``: ``draw_furniture(canvas, page, total)`` runs on each page."""
    return functools.partial(PageCountCanvas, draw_furniture=draw_furniture)
