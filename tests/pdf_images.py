"""PDF pages as images (poppler's pdftoppm), drawn the way a customer's viewer draws them."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def page_png(
    pdf: bytes, out_stem: Path, *, dpi: int, page: int = 1, fontless_dir: Path | None = None
) -> Path:
    """Write ``pdf`` to ``out_stem``.pdf, render ``page`` to ``out_stem``.png and return the PNG's path.

    With ``fontless_dir``, fontconfig there knows no font at all, so only the fonts embedded in the
    PDF can draw text (a machine without Japanese fonts).
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm is not on PATH (Debian package poppler-utils)")
    env = None
    if fontless_dir is not None:
        fonts_conf = fontless_dir / "fonts.conf"
        fonts_conf.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
            f"<fontconfig><cachedir>{fontless_dir / 'fontconfig-cache'}</cachedir></fontconfig>\n"
        )
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf), "FONTCONFIG_PATH": str(fontless_dir)}
    out_stem.parent.mkdir(parents=True, exist_ok=True)
    pdf_path = out_stem.with_suffix(".pdf")
    pdf_path.write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf_path), str(out_stem)],
        check=True, capture_output=True, env=env, timeout=60,
    )  # fmt: skip
    return out_stem.with_suffix(".png")
