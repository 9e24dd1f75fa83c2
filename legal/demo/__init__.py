"""Demo data, and the legal texts every new shop starts from."""

import datetime
from dataclasses import dataclass
from pathlib import Path

DEMO = Path(__file__).resolve().parent

# The first version of every legal document (<kind>.ja.md, <kind>.en.md), as the demo published
# it: `load_legal_demo` publishes these as version 1. Company details are placeholders, filled
# from settings.COMPANY when a page is shown. Never edit them: a demo database holds them published.
LEGAL_TEXTS = DEMO / "texts"


@dataclass(frozen=True)
class TextRevision:
    """Later texts of some documents, in ``revisions/<number>/``: published as version ``number``."""

    number: int
    effective_on: datetime.date
    change_summary: str
    change_summary_en: str
    is_material: bool = False

    @property
    def texts(self) -> Path:
        return DEMO / "revisions" / str(self.number)


# Oldest first. `load_legal_demo` publishes each on a document whose newest version is the one
# before it; a revision already there, or one the editors replaced with their own, is skipped.
TEXT_REVISIONS = (
    TextRevision(
        number=2,
        effective_on=datetime.date(2026, 12, 1),
        change_summary=(
            "取得する情報からご請求に関する情報（請求先の氏名・会社名・住所）を削除し、アドレス帳を記載しました。"
            "検証ページでの無効化名義と目的の表示を会員がいつでも切り替えられること、プライバシーページ、"
            "すべてのご請求に本人確認書類が必要であることと、その保存期間を記載しました。"
            "開示などの手数料を廃止しました。保存期間を、実際の設定から作成する表にしました。"
            "登録簿の運営者への無効化名義（目的は含みません）の提供を、最終確認画面でいただく同意に基づく"
            "第三者提供として記載し、提供先の表と、提供の記録（3年間保存し、ご請求により開示）を加えました。"
            "日本国外にある委託先と提供先について、国の名称、その国の制度の概要、講ずる措置の一覧を加え、"
            "同じ情報を同意の前に最終確認画面でお示しすることを記載しました。"
        ),
        change_summary_en=(
            "Billing details (name, company, address) removed from what we collect; the address book added. "
            "Members can show or hide the beneficiary on the verification page at any time; the Privacy "
            "page; every request needs an identity document, and how long we keep it. No fee for "
            "disclosure or any other request. The retention periods are a table generated from our settings. "
            "Giving the beneficiary name (not the purpose) to registry operators is described as provision "
            "to a third party on the consent asked for at the final confirmation page, with a table of the "
            "recipients and the records we keep of it (3 years, disclosed on request). For every service "
            "provider and recipient outside Japan: its country, an outline of that country's system and "
            "the measures taken, shown on the confirmation page too, before consent."
        ),
    ),
)


def legal_texts_newest_first() -> list[Path]:
    """The folders of the legal texts, newest revision first: a new shop starts from the newest."""
    return [revision.texts for revision in reversed(TEXT_REVISIONS)] + [LEGAL_TEXTS]
