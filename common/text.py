"""Text from outside the shop: whether it carries control characters.

PostgreSQL text cannot hold NUL at all (the query fails), and no name, number,
address or URL of ours needs any of Unicode's other control characters
(category Cc: U+0000–U+001F, U+007F–U+009F). Typed text may break lines.
"""

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_LINE_BREAKS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """True if ``text`` holds a control character (with ``multiline``: other than tab, CR and LF)."""
    return bool((_CONTROL_EXCEPT_LINE_BREAKS if multiline else _CONTROL).search(text))
