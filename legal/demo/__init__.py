"""Demo data, and the legal texts every new shop starts from."""

from pathlib import Path

# The first version of every legal document (<kind>.ja.md, <kind>.en.md): published by
# `load_legal_demo` for a demo and by `shop_setup` for a real shop. Company details are
# placeholders, filled from settings.COMPANY when a page is shown.
LEGAL_TEXTS = Path(__file__).resolve().parent / "texts"
