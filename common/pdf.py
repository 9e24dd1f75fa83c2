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
