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
        ),
        change_summary_en=(
            "Billing details (name, company, address) removed from what we collect; the address book added. "
            "Members can show or hide the beneficiary on the verification page at any time; the Privacy "
            "page; every request needs an identity document, and how long we keep it. No fee for "
            "disclosure or any other request. The retention periods are a table generated from our settings."
        ),
    ),
)


def legal_texts_newest_first() -> list[Path]:
    """The folders of the legal texts, newest revision first: a new shop starts from the newest."""
    return [revision.texts for revision in reversed(TEXT_REVISIONS)] + [LEGAL_TEXTS]
