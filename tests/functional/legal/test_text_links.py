"""Every internal link in every published legal text leads somewhere real, in both languages.

The texts are what the company is held to: a link to a page that does not exist
is a promise the shop does not keep. Each published version of each document is
rendered in Japanese and English, and each link to this site is requested as a
visitor: it must answer 200, or send the visitor to the login page.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.utils import translation

from legal.documents.models import DocumentKind, DocumentVersion
from legal.documents.rendering import render_markdown

pytestmark = pytest.mark.django_db
HREF = re.compile(r'href="([^"]*)"')


def _own_hosts() -> set[str]:
    return {urlsplit(settings.SHOP_BASE_URL).netloc, Site.objects.get_current().domain}


def _internal_paths(html: str) -> set[str]:
    """The paths of ``html``'s links that stay on this site (fragments dropped)."""
    paths = set()
    for href in HREF.findall(html):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.scheme in ("mailto", "tel"):
            continue
        if parts.netloc and parts.netloc not in _own_hosts():
            continue
        if not parts.netloc and not parts.path.startswith("/"):
            continue
        paths.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _links_by_version() -> dict[str, set[str]]:
    links = {}
    for version in DocumentVersion.objects.published().select_related("document"):
        for language in ("ja", "en"):
            with translation.override(language):
                links[f"{version} ({language})"] = _internal_paths(render_markdown(version.localized("body")))
    return links


def test_every_internal_link_in_every_published_version_resolves(client):
    call_command("load_legal_demo")
    links = _links_by_version()
    assert len(links) >= 2 * len(DocumentKind.values)  # every kind, both languages

    broken = []
    for source, paths in sorted(links.items()):
        for path in sorted(paths):
            response = client.get(path)
            login_redirect = response.status_code == 302 and urlsplit(response["Location"]).path.endswith(
                "/accounts/login/"
            )
            if response.status_code != 200 and not login_redirect:
                broken.append(f"{source}: {path} → {response.status_code}")

    assert not broken, "\n".join(broken)


def test_the_link_check_sees_links_to_this_site_only():
    html = (
        '<a href="/en/legal/terms/#art-1">t</a><a href="mailto:a@b.jp">m</a>'
        '<a href="https://registry.example/x">r</a>'
        f'<a href="{settings.SHOP_BASE_URL}/legal/privacy/">p</a><a href="#top">f</a>'
    )

    assert _internal_paths(html) == {"/en/legal/terms/", "/legal/privacy/"}
