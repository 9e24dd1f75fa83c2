"""Legal pages: every kind at a stable URL in ja and en, history, old versions, diff."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from legal.demo import TEXT_REVISIONS
from legal.documents.models import DocumentKind
from tests.factories.legal import draft_version, published_version
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
KIND_PATHS = ["terms", "privacy", "disclaimer", "governing-law", "site-policy", "cookies", "tokushoho"]


@pytest.fixture
def demo_documents():
    call_command("load_legal_demo")


@pytest.mark.parametrize("kind", KIND_PATHS)
@pytest.mark.parametrize(("prefix", "language"), [("", "ja"), ("/en", "en")])
def test_every_legal_page_answers_in_both_languages(client, demo_documents, kind, prefix, language):
    response = client.get(f"{prefix}/legal/{kind}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in page
    assert '<article class="legal-document"' in page
    assert "{{" not in page  # every placeholder filled


def test_demo_texts_are_in_each_language(client, demo_documents):
    assert "利用規約" in client.get("/legal/terms/").content.decode()
    assert "Terms of Service" in client.get("/en/legal/terms/").content.decode()
    assert "東京地方裁判所" in client.get("/legal/governing-law/").content.decode()
    assert "Tokyo District Court" in client.get("/en/legal/governing-law/").content.decode()


def test_load_legal_demo_is_idempotent(demo_documents):
    call_command("load_legal_demo")

    from legal.documents.models import DocumentVersion

    revised = sum(len(list(revision.texts.glob("*.ja.md"))) for revision in TEXT_REVISIONS)
    assert DocumentVersion.objects.count() == len(DocumentKind.values) + revised


@override_settings(
    COMPANY={
        "name": "架空カーボン株式会社",
        "name_en": "Fictional Carbon K.K.",
        "address": "東京都港区芝公園4-2-8",
        "address_en": "4-2-8 Shibakoen, Minato-ku, Tokyo",
        "representative": "代表取締役 佐藤 一郎",
        "representative_en": "Ichiro Sato, CEO",
        "phone": "03-9999-0000",
        "email": "hello@fictional.example",
        "invoice_registration_number": "T9876543210987",
    }
)
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/legal/tokushoho/", ["架空カーボン株式会社", "東京都港区芝公園4-2-8", "佐藤 一郎", "03-9999-0000",
                               "hello@fictional.example", "T9876543210987"]),
        ("/en/legal/tokushoho/", ["Fictional Carbon K.K.", "4-2-8 Shibakoen", "Ichiro Sato", "03-9999-0000",
                                  "hello@fictional.example", "T9876543210987"]),
    ],
)  # fmt: skip
def test_company_details_come_from_settings(client, demo_documents, path, expected):
    page = client.get(path).content.decode()

    for text in expected:
        assert text in page, text
    footer = page[page.index("<footer") :]
    assert expected[0] in footer and "hello@fictional.example" in footer


def test_every_page_footer_links_every_legal_document(client, demo_documents):
    for path in ["/", "/en/catalogue/", "/legal/privacy/"]:
        page = client.get(path).content.decode()
        footer = page[page.index("<footer") :]
        prefix = "/en" if path.startswith("/en/") else ""
        for kind in KIND_PATHS:
            assert f'href="{prefix}/legal/{kind}/"' in footer, (path, kind)


def test_an_upcoming_version_is_announced_and_the_old_one_stays_in_force(client):
    last_month, next_month = TODAY - datetime.timedelta(days=40), TODAY + datetime.timedelta(days=30)
    published_version("terms", body_en="# Terms\n\nOld article 1.\n", effective_on=last_month)
    published_version("terms", body_en="# Terms\n\nNew article 1.\n", effective_on=next_month)

    page = client.get("/en/legal/terms/").content.decode()

    assert "Old article 1." in page and "New article 1." not in page
    assert "Upcoming: version 2 has been published and comes into force on" in page
    assert 'href="/en/legal/terms/v2/"' in page
    upcoming = client.get("/en/legal/terms/v2/").content.decode()
    assert "Version 2 is published in advance and comes into force on" in upcoming


def test_an_old_version_says_it_is_not_in_force(client):
    published_version("privacy", effective_on=TODAY - datetime.timedelta(days=100))
    published_version("privacy", effective_on=TODAY - datetime.timedelta(days=10))

    old = client.get("/legal/privacy/v1/").content.decode()
    current = client.get("/legal/privacy/v2/").content.decode()

    assert "これは第1版で、現在は施行されていません。" in old
    assert "legal-banner" not in current


def test_history_lists_every_published_version_not_drafts(client):
    published_version("terms", change_summary_en="First version.")
    published_version("terms", change_summary_en="Article 3 clarified.")
    draft_version("terms", title_en="Secret draft")

    page = client.get("/en/legal/terms/history/").content.decode()

    assert 'href="/en/legal/terms/v1/"' in page and 'href="/en/legal/terms/v2/"' in page
    assert "Article 3 clarified." in page
    assert "Secret draft" not in page
    assert client.get("/en/legal/terms/v3/").status_code == 404


def test_the_diff_shows_what_changed(client):
    published_version("terms", body_en="# Terms\n\nArticle 1. Old wording.\nArticle 2. Same.\n")
    published_version("terms", body_en="# Terms\n\nArticle 1. New wording.\nArticle 2. Same.\n")

    page = client.get("/en/legal/terms/diff/?from=1&to=2").content.decode()

    assert '<span class="diff-removed">-Article 1. Old wording.</span>' in page
    assert '<span class="diff-added">+Article 1. New wording.</span>' in page


@pytest.mark.parametrize(
    ("query", "status"),
    [("", 400), ("?from=a&to=2", 400), ("?from=0&to=1", 400), ("?from=1&to=9", 404)],
)
def test_bad_diff_requests_get_a_clear_4xx(client, query, status):
    published_version("terms")

    assert client.get(f"/en/legal/terms/diff/{query}").status_code == status


def test_unknown_kinds_and_documents_without_versions_are_404(client):
    assert client.get("/legal/nonsense/").status_code == 404
    assert client.get("/legal/terms/").status_code == 404  # nothing published yet


def test_drafts_are_previewed_only_by_legal_editors(client, django_user_model):
    draft = draft_version("terms", body="# 下書き\n\n未公開の条文\n")
    customer = django_user_model.objects.create_user("c", "c@example.jp", "pw-123456789")
    editor = django_user_model.objects.create_superuser("ed", "ed@example.jp", "pw-123456789")

    assert client.get(f"/legal/preview/{draft.pk}/").status_code == 302  # to the login page
    client.force_login(customer)
    assert client.get(f"/legal/preview/{draft.pk}/").status_code == 403
    verified_login(client, editor)
    response = client.get(f"/legal/preview/{draft.pk}/")
    assert response.status_code == 200
    assert "未公開の条文" in response.content.decode()
