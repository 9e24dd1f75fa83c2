"""Markdown bodies to safe HTML, with the company's details filled in.

Legal texts are written by staff in Markdown. Whatever they contain, only a
fixed set of harmless tags and attributes reaches a page (nh3, the Ammonia
sanitizer): no script, no event handler, no javascript: link.
"""

import re
from collections.abc import Callable

import markdown
import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "em", "b", "i", "u", "s",
    "ul", "ol", "li", "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
    "dl", "dt", "dd", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+(?:\.[a-z_]+)?)\s*\}\}")

# Block placeholders filled by other parts of the shop (a Markdown snippet each).
_block_providers: dict[str, Callable[[], str]] = {}


def register_block(name: str, provider: Callable[[], str]) -> None:
    """Let another app fill ``{{ name }}`` in legal texts (e.g. the processor list)."""
    _block_providers[name] = provider


def company_value(field: str) -> str:
    """A company detail from settings.COMPANY, in English on English pages where one is given."""
    company = settings.COMPANY
    if (get_language() or "").startswith("en") and company.get(f"{field}_en"):
        return company[f"{field}_en"]
    return company.get(field, "")


def fill_placeholders(text: str) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name.startswith("company."):
            return company_value(name.removeprefix("company."))
        provider = _block_providers.get(name)
        return provider() if provider else match.group(0)

    return PLACEHOLDER.sub(replace, text)


def render_markdown(text: str) -> SafeString:
    """Return the Markdown ``text`` as sanitized HTML, placeholders filled."""
    html = markdown.markdown(fill_placeholders(text), extensions=["tables", "sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308  (sanitized just above)
