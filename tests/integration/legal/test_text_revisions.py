"""The shipped revisions of the legal texts: version 2 after version 1, once, in both languages."""

import datetime
import html
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from legal.demo import LEGAL_TEXTS, TEXT_REVISIONS, legal_texts_newest_first
from legal.documents import services
from legal.documents.models import ChangeNotice, DocumentVersion
from legal.documents.rendering import render_markdown
from tests.factories.legal import draft_version

pytestmark = pytest.mark.django_db
REVISION = TEXT_REVISIONS[0]


def privacy(number: int) -> DocumentVersion:
    return DocumentVersion.objects.get(document__kind="privacy", number=number)


def version(kind: str, number: int) -> DocumentVersion:
    return DocumentVersion.objects.get(document__kind=kind, number=number)


def rendered(version: DocumentVersion, language: str) -> str:
    """The version's text as shown: links as their address, table cells as "| cell", section headings as
    "## heading", other markup dropped."""
    with translation.override(language):
        page = html.unescape(render_markdown(version.localized("body")))
    page = re.sub(r"<h2[^>]*>", "## ", page)
    page = re.sub(r'<a href="([^"]*)"[^>]*>', r"\1 ", page)
    page = re.sub(r"<t[dh][^>]*>", "| ", page)
    page = re.sub(r"</t[dh]>", " ", page)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def section(text: str, number: int) -> str:
    """Section ``number`` of a policy as ``rendered``: from its "## <number>. " heading to the next."""
    start = text.index(f"## {number}. ")
    end = text.find("## ", start + 3)
    return text[start : end if end != -1 else None]


def test_the_demo_publishes_version_2_after_version_1_and_only_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_legal_demo")
        call_command("load_legal_demo")

    first, second = privacy(1), privacy(2)
    assert second.effective_on == REVISION.effective_on > first.effective_on
    assert second.change_summary and second.change_summary_en
    # Version 1 and one version per later revision of the privacy policy (revision 3: issue 16).
    privacy_revisions = [revision for revision in TEXT_REVISIONS if "privacy" in revision.change_summaries]
    assert DocumentVersion.objects.filter(document__kind="privacy").count() == 1 + len(privacy_revisions)
    assert not DocumentVersion.objects.filter(number=TEXT_REVISIONS[-1].number + 1).exists()
    assert "1,000" in first.body_en and "1,000円" in first.body  # the published one stays as it was


def test_an_existing_database_gets_version_2_and_members_are_told(
    django_user_model, processors, django_capture_on_commit_callbacks
):
    services.first_versions_publish(texts=LEGAL_TEXTS, effective_on=datetime.date(2026, 4, 1), user=None)
    member = django_user_model.objects.create_user("m", "member@example.jp", "pw-123456789")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_legal_demo")

    assert ChangeNotice.objects.filter(user=member, version=privacy(2), emailed_at__isnull=False).exists()


def test_a_version_the_editors_published_themselves_is_left_alone():
    services.first_versions_publish(texts=LEGAL_TEXTS, effective_on=datetime.date(2026, 4, 1), user=None)
    own = services.version_publish(version=draft_version("privacy", body="編集者の第2版"), user=None)

    call_command("load_legal_demo")

    assert privacy(2) == own
    assert not DocumentVersion.objects.filter(document__kind="privacy", number=3).exists()


@pytest.mark.parametrize(
    ("language", "said", "unsaid"),
    [
        ("en", ["There is no fee for any request", "/en/accounts/privacy/", "/en/privacy/request/",
                "| Identity documents and disclosed copies of your data | 30 days (from the day the request"],
         ["1,000 yen", "Billing details", "legal representative", "promptly once we have completed"]),
        ("ja", ["手数料はかかりません", "/accounts/privacy/", "/privacy/request/",
                "| 本人確認書類と開示したデータの写し | 30日間 (ご請求の完了日から)"],
         ["1,000円", "請求先の氏名", "法定代理人", "確認が済んだ後、速やかに"]),
    ],
)  # fmt: skip
def test_version_2_of_the_privacy_policy_says_what_the_code_does(language, said, unsaid):
    call_command("load_legal_demo")

    text = rendered(privacy(2), language)

    for words in said:
        assert words in text
    for words in unsaid:
        assert words not in text


def test_the_retention_table_follows_the_settings(settings):
    call_command("load_legal_demo")
    days = {**settings.PERSONAL_DATA_RETENTION_DAYS, "identity_documents": 14, "orders_and_tax": 10 * 365 + 2}

    with override_settings(PERSONAL_DATA_RETENTION_DAYS=days):
        text = rendered(privacy(2), "en")

    assert (
        "| Identity documents and disclosed copies of your data | 14 days (from the day the request" in text
    )
    assert "10 years (from the order)" in text
    assert "{{" not in text


def test_a_new_shop_starts_from_the_newest_text_of_each_document():
    published = services.first_versions_publish(
        texts=legal_texts_newest_first(), effective_on=datetime.date(2027, 1, 1), user=None
    )

    assert (
        published["privacy"].body
        == (TEXT_REVISIONS[-1].texts / "privacy.ja.md").read_text(encoding="utf-8").strip() + "\n"
    )
    assert (
        published["terms"].body == (REVISION.texts / "terms.ja.md").read_text(encoding="utf-8").strip() + "\n"
    )
    assert (
        published["cookies"].body
        == (LEGAL_TEXTS / "cookies.ja.md").read_text(encoding="utf-8").strip() + "\n"
    )


@pytest.mark.parametrize(
    ("language", "recipients", "abroad", "said"),
    [
        ("en",
         ["| Verra | United States of America |", "| Gold Standard Foundation | Swiss Confederation |",
          "| J-クレジット制度事務局 (J-Credit Scheme Secretariat) | Japan |"],
         ["Verra (United States of America)", "Gold Standard Foundation (Swiss Confederation)",
          "Stripe, Inc. (United States of America)",
          "Outline of the country’s personal-information protection system: There is no comprehensive "
          "federal personal-information law."],
         ["the beneficiary name only, never the purpose", "Without that consent, the order cannot be placed",
          "keep that record for 3 years"]),
        ("ja",
         ["| Verra | アメリカ合衆国 |", "| Gold Standard Foundation | スイス連邦 |",
          "| J-クレジット制度事務局 (J-Credit Scheme Secretariat) | 日本 |"],
         ["Verra (アメリカ合衆国)", "Gold Standard Foundation (スイス連邦)", "Stripe, Inc. (アメリカ合衆国)",
          "その国の個人情報の保護に関する制度の概要: 連邦レベルでは個人情報保護を包括的に定める法律はなく"],
         ["提供するのは無効化名義だけで、オフセットの目的は提供しません",
          "同意をいただけない場合は、ご注文を確定することができません", "その記録を3年間保存します"]),
    ],
)  # fmt: skip
def test_version_2_lists_the_registry_operators_and_the_recipients_abroad_with_their_countries(
    language, recipients, abroad, said
):
    call_command("load_legal_demo")

    text = rendered(privacy(2), language)

    provision = section(text, 3)
    outside_japan = section(text, 5)
    for row in recipients:
        assert row in provision
    for words in abroad:
        assert words in outside_japan
    for words in said:
        assert words in text
    assert "where the registry requires it, the purpose" not in text  # version 1's wording
    assert "登録簿が求める場合はオフセットの目的" not in text
    assert "{{" not in text


def test_each_revised_document_gets_its_own_change_summary():
    call_command("load_legal_demo")

    for kind, summary in REVISION.change_summaries.items():
        second = version(kind, 2)
        assert (second.change_summary, second.change_summary_en) == (summary.ja, summary.en)
        assert second.effective_on == datetime.date(2026, 12, 1)
        assert not second.is_material
    assert version("terms", 2).change_summary != privacy(2).change_summary


@pytest.mark.parametrize(
    ("language", "terms_said", "tokushoho_said", "unsaid"),
    [
        ("en",
         ["credited under the same registry or standard", "of the same or a later vintage",
          "At least 12 days before we allocate the replacement Credits",
          "the serial numbers of the Credits actually delivered", "No refund is given"],
         ["Article 11(2) of our Terms of Use", "at least 12 days before we allocate it",
          "No refund is given"],
         ["equivalent quality", "no longer allows those Credits to be retired"]),
        ("ja",
         ["同じ登録簿・制度（例：J-クレジット制度）で認証されたもの",
          "同じかそれより新しいビンテージ（年度）のもの",
          "割り当てる日の12日前までに", "実際にお引き渡ししたクレジットのシリアル番号", "返金は行いません"],
         ["利用規約第11条第2項に定める同種のクレジット", "割当ての12日前までに", "返金は行いません"],
         ["同等の品質", "無効化ができなくなった場合"]),
    ],
)  # fmt: skip
def test_version_2_of_the_terms_and_the_tokushoho_page_state_the_substitution_rule_and_notice(
    settings, language, terms_said, tokushoho_said, unsaid
):
    call_command("load_legal_demo")
    settings.SUBSTITUTION_NOTICE_DAYS = 12

    terms, tokushoho = rendered(version("terms", 2), language), rendered(version("tokushoho", 2), language)

    for words in terms_said:
        assert words in terms
    for words in tokushoho_said:
        assert words in tokushoho
    for words in unsaid:
        assert words not in terms and words not in tokushoho
    assert "{{" not in terms and "{{" not in tokushoho
    assert rendered(version("terms", 1), language) != terms  # version 1 stays as published


def test_privacy_version_3_lists_the_energy_use_and_the_certificate_processor_may_receive_it(
    processors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_legal_demo")

    third = privacy(3)
    assert third.effective_on > privacy(2).effective_on
    assert "Footprint calculations" in third.change_summary_en and "フットプリント" in third.change_summary
    english, japanese = rendered(third, "en"), rendered(third, "ja")
    assert "**Footprint calculations**" in third.body_en and "Footprint calculations" in section(english, 1)
    assert "フットプリントの計算" in section(japanese, 1)
    # The processor table is generated from the registry: the certificate processor may receive it.
    assert "Energy use (footprint calculation)" in section(english, 4)
    assert "エネルギー使用量（フットプリントの計算）" in section(japanese, 4)
    assert "Footprint calculations" not in rendered(privacy(2), "en")  # the published version 2 is unchanged
