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
class ChangeSummary:
    """What a revision changes in one document, as its version history shows it."""

    ja: str
    en: str


@dataclass(frozen=True)
class TextRevision:
    """Later texts of some documents, in ``revisions/<number>/``: published as version ``number``.

    ``change_summaries`` holds, by document kind, what changed in that document: one entry for
    each ``<kind>.ja.md`` in the folder.
    """

    number: int
    effective_on: datetime.date
    change_summaries: dict[str, ChangeSummary]
    is_material: bool = False

    @property
    def texts(self) -> Path:
        return DEMO / "revisions" / str(self.number)


# What revision 2 changes in each document, as its version history shows it.

PRIVACY_2 = ChangeSummary(
    ja=(
        "取得する情報からご請求に関する情報（請求先の氏名・会社名・住所）を削除し、"
        "アドレス帳を記載しました。検証ページでの無効化名義と目的の表示を会員がいつでも切り替えられること、"
        "プライバシーページ、すべてのご請求に本人確認書類が必要であることと、その保存期間を記載しました。"
        "開示などの手数料を廃止しました。保存期間を、実際の設定から作成する表にしました。"
        "登録簿の運営者への無効化名義（目的は含みません）の提供を、最終確認画面でいただく同意に基づく第三者提供として記載し、"
        "提供先の表と、提供の記録（3年間保存し、ご請求により開示）を加えました。"
        "日本国外にある委託先と提供先について、国の名称、その国の制度の概要、講ずる措置の一覧を加え、"
        "同じ情報を同意の前に最終確認画面でお示しすることを記載しました。"
    ),
    en=(
        "Billing details (name, company, address) removed from what we collect; the address book added. "
        "Members can show or hide the beneficiary on the verification page at any time; the Privacy page; "
        "every request needs an identity document, and how long we keep it. No fee for disclosure or any "
        "other request. The retention periods are a table generated from our settings. Giving the "
        "beneficiary name (not the purpose) to registry operators is described as provision to a third "
        "party on the consent asked for at the final confirmation page, with a table of the recipients "
        "and the records we keep of it (3 years, disclosed on request). For every service provider and "
        "recipient outside Japan: its country, an outline of that country's system and the measures "
        "taken, shown on the confirmation page too, before consent."
    ),
)

TERMS_2 = ChangeSummary(
    ja=(
        "第11条第2項を改め、お支払いいただいたクレジットをお選びいただいたバッチから割り当てられない場合に、"
        "返金に代えて同じトン数の同種のクレジットをお引き渡しすることと、同種とする条件（同じ登録簿・制度、"
        "同じ種類とプロジェクト分類、同じかそれより新しいビンテージ）を記載しました。"
        "割当ての一定日数前までに、代わりのクレジットの内容と割当ての日をメールでお知らせすること、"
        "証明書には実際にお引き渡ししたシリアル番号を記載することを加えました。「同等の品質」という表現と、"
        "割当て後に登録簿で無効化できなくなった場合の定めを削除しました。"
    ),
    en=(
        "Article 11(2) rewritten: if the Credits paid for cannot be allocated from the batch chosen, we "
        "deliver the same number of tonnes of Credits of the same kind instead of a refund, and the "
        "conditions for the same kind (same registry or standard, same type and project category, same or "
        "later vintage) are listed. We e-mail the replacement's details and the date of allocation a set "
        "number of days in advance, and the Certificate states the serial numbers delivered. The words "
        '"equivalent quality" and the case of Credits the registry no longer allows to be retired after '
        "allocation are removed."
    ),
)

TOKUSHOHO_2 = ChangeSummary(
    ja=(
        "返品・キャンセルの欄で、お選びいただいたバッチからお引き渡しできない場合は、"
        "利用規約第11条第2項に定める同種のクレジットを代わりにお届けし、その内容を割当ての一定日数前までにメールでお知らせすること、"
        "返金は行わないことを記載しました。「同等の品質」という表現を削除しました。"
    ),
    en=(
        "Returns and cancellation: if the credits paid for cannot be delivered from the batch chosen, we "
        "deliver credits of the same kind as set out in Article 11(2) of the Terms of Use, tell you by "
        'e-mail a set number of days before allocating them, and give no refund. The words "equivalent '
        'quality" are removed.'
    ),
)

PRIVACY_3 = ChangeSummary(
    ja=(
        "取得する情報に、排出量の計算ツールで計算した結果をオフセットされた場合のフットプリントの計算"
        "（入力されたエネルギーの使用量、期間、排出係数、計算結果）を加えました。ご注文の際に選ばれた場合にだけ"
        "証明書に記載し、そのために証明書の発行を委託する事業者に提供することを記載しました"
        "（委託先の表の「エネルギー使用量」）。"
    ),
    en=(
        "Footprint calculations added to what we collect: when you offset the result of our footprint "
        "calculator, the energy use you entered, the period, the emission factors and the result. They "
        "appear on the certificate only if you choose so at checkout, and are then given to the "
        'certificate service provider for that purpose ("Energy use" in the table of service providers).'
    ),
)

PRIVACY_4 = ChangeSummary(
    ja=(
        "取得する情報に、ご注文の際に「会社として購入する」を選ばれた場合の会社名、部署名、ご担当者の氏名、"
        "請求書の宛名を加えました。ご注文の適格請求書にその宛名を記載すること、会員の方は次回のための既定値として"
        "保存でき、いつでも消去できることを記載しました。"
    ),
    en=(
        'Company purchase details added to what we collect: when you tick "buying for a company" at '
        "checkout, the company name, department, contact person's name and invoice recipient name. The "
        "order's qualified invoice is addressed to that recipient, and members may keep the details as "
        "defaults for their next order and clear them at any time."
    ),
)

PRIVACY_5 = ChangeSummary(
    ja=(
        "取得する情報に、会員の方が作成されたAPIキー（名前と作成・最終利用・無効化の日時。キーそのものは復元できない形で保存）と、"
        "キーごとの利用の記録（どのキーで、いつ、どのAPIを呼び出したか。IPアドレスや内容は含みません）を加えました。"
        "利用目的にAPIによるご利用への対応とAPIキーの不正な利用の発見を加え、保存期間の表に利用の記録の期間を加えました。"
    ),
    en=(
        "API keys that members create (name and when each was created, last used and revoked; the key "
        "itself is stored only as a hash) and the record of each key's use (which key called which part of "
        "the API, and when; no IP address or content) added to what we collect. Serving members who use the "
        "API, and spotting the misuse of a key, added to the purposes; the retention table lists the period "
        "of the record of use."
    ),
)

# Oldest first. `load_legal_demo` publishes each on a document whose newest version is the one
# before it; a revision already there, or one the editors replaced with their own, is skipped.
TEXT_REVISIONS = (
    TextRevision(
        number=2,
        effective_on=datetime.date(2026, 12, 1),
        change_summaries={"privacy": PRIVACY_2, "terms": TERMS_2, "tokushoho": TOKUSHOHO_2},
    ),
    TextRevision(
        number=3,
        effective_on=datetime.date(2026, 12, 15),
        change_summaries={"privacy": PRIVACY_3},
    ),
    TextRevision(
        number=4,
        effective_on=datetime.date(2027, 1, 5),
        change_summaries={"privacy": PRIVACY_4},
    ),
    TextRevision(
        number=5,
        effective_on=datetime.date(2027, 1, 15),
        change_summaries={"privacy": PRIVACY_5},
    ),
)


def legal_texts_newest_first() -> list[Path]:
    """The folders of the legal texts, newest revision first: a new shop starts from the newest."""
    return [revision.texts for revision in reversed(TEXT_REVISIONS)] + [LEGAL_TEXTS]
