"""The claim phrases: neutrality and green-product claims are found in both languages, however written."""

import pytest

from offsets.claims import CLAIM_PHRASES, CLAIM_PHRASES_EN, CLAIM_PHRASES_JA, claim_phrases_found


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("本イベントはカーボンニュートラルです", "カーボンニュートラル"),
        ("ｶｰﾎﾞﾝﾆｭｰﾄﾗﾙな社用車", "カーボンニュートラル"),  # half-width katakana
        ("カーボン・ニュートラルな会議", "カーボンニュートラル"),  # a middle dot inside
        ("2026年度の排出を実質ゼロに", "実質ゼロ"),
        ("CO2ゼロの商品", "CO2ゼロ"),
        ("ＣＯ２ゼロの商品", "CO2ゼロ"),  # full-width letters and digit
        ("CO₂ゼロのイベント", "CO2ゼロ"),  # subscript two
        ("環境に優しいパッケージ", "環境に優しい"),
        ("地球にやさしい配送", "地球にやさしい"),
        ("Our product is carbon neutral", "carbon neutral"),
        ("A Carbon-Neutral conference", "carbon neutral"),
        ("CARBON  NEUTRAL shipping", "carbon neutral"),
        ("net-zero office", "net zero"),
        ("Net Zero by 2030", "net zero"),
        ("a climate positive brand", "climate positive"),
        ("CO2-free delivery", "CO2-free"),
        ("co2 free delivery", "CO2-free"),
        ("Ｃａｒｂｏｎ Ｎｅｕｔｒａｌ", "carbon neutral"),  # full-width Latin
        ("eco friendly packaging", "eco-friendly"),
    ],
)
def test_a_claim_is_found_however_it_is_written(text, phrase):
    assert claim_phrases_found(text=text) == [phrase]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "令和7年度 本社ビルの電力使用に伴う排出量のオフセット",
        "社用車の排出",
        "We funded the retirement of 10 t-CO2 of credits from the Kita-no-Mori project.",
        "北の森プロジェクトのクレジット10 t-CO2の無効化に資金を拠出しました",
        "Offsetting our office's electricity in fiscal 2026",
    ],
)
def test_an_accurate_purpose_raises_no_warning(text):
    assert claim_phrases_found(text=text) == []


def test_several_claims_are_each_named_once_and_the_precise_one_wins():
    text = "CO2排出ゼロでカーボンニュートラル、carbon neutral and net zero; またカーボンニュートラル"

    found = claim_phrases_found(text=text)

    assert found == ["カーボンニュートラル", "CO2排出ゼロ", "carbon neutral", "net zero"]


def test_the_list_holds_both_languages_and_every_phrase_finds_itself():
    assert {"カーボンニュートラル", "実質ゼロ", "CO2ゼロ", "環境に優しい"} <= set(CLAIM_PHRASES_JA)
    assert {"carbon neutral", "net zero", "climate positive", "CO2-free"} <= set(CLAIM_PHRASES_EN)
    for phrase in CLAIM_PHRASES:
        assert phrase in claim_phrases_found(text=f"xx {phrase} yy"), phrase
