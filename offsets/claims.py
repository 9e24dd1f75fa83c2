"""Honest claims: the phrases that claim neutrality or a green product, and finding them in a text.

Buying and retiring credits is a contribution; it does not make a product,
an event or a company "carbon neutral". Japan's Act against Unjustifiable
Premiums and Misleading Representations (景品表示法) and Directive (EU) 2024/825
(generic environmental claims based on offsetting banned from 27 September
2026) make such claims risky for the buyer. The checkout warns (never blocks)
when the purpose of an offset makes one, the guide page (/guide/claims/)
lists these phrases, and a test runs them over the certificate's own wording.

This is the maintained list: add a phrase in its usual spelling; matching
ignores letter case, full- and half-width forms, spaces, hyphens and middle dots.
"""

import re
import unicodedata

CLAIM_PHRASES_JA: tuple[str, ...] = (
    "カーボンニュートラル",
    "クライメートニュートラル",
    "気候中立",
    "炭素中立",
    "実質ゼロ",
    "ネットゼロ",
    "ゼロエミッション",
    "排出ゼロ",
    "排出量ゼロ",
    "CO2ゼロ",
    "CO2排出ゼロ",
    "二酸化炭素ゼロ",
    "温室効果ガスゼロ",
    "CO2フリー",
    "カーボンフリー",
    "カーボンネガティブ",
    "カーボンポジティブ",
    "クライメートポジティブ",
    "環境に優しい",
    "環境にやさしい",
    "地球に優しい",
    "地球にやさしい",
    "環境負荷ゼロ",
    "エコフレンドリー",
)

CLAIM_PHRASES_EN: tuple[str, ...] = (
    "carbon neutral",
    "climate neutral",
    "CO2 neutral",
    "net zero",
    "zero carbon",
    "zero emission",
    "emission free",
    "emissions free",
    "carbon free",
    "CO2-free",
    "carbon negative",
    "carbon positive",
    "climate positive",
    "climate friendly",
    "eco-friendly",
    "environmentally friendly",
    "planet friendly",
    "green product",
)

CLAIM_PHRASES: tuple[str, ...] = CLAIM_PHRASES_JA + CLAIM_PHRASES_EN

# Separators people put inside a phrase ("Carbon-Neutral", "net zero", "カーボン・ニュートラル").
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_・･.·/]+")


def claim_text_normalise(text: str) -> str:
    """``text`` folded for matching: NFKC (half-width kana, full-width letters, ₂), case, no separators."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SEPARATORS.sub("", folded)


_NORMALISED_PHRASES = tuple((phrase, claim_text_normalise(phrase)) for phrase in CLAIM_PHRASES)


def claim_phrases_found(*, text: str) -> list[str]:
    """Return the listed phrases ``text`` contains (as listed, each once, in list order)."""
    normalised = claim_text_normalise(text or "")
    if not normalised:
        return []
    found = [phrase for phrase, folded in _NORMALISED_PHRASES if folded in normalised]
    # "CO2排出ゼロ" also contains "排出ゼロ": name the longer, more precise phrase only.
    return [
        phrase for phrase in found if not any(phrase != other and _contains(other, phrase) for other in found)
    ]


def _contains(longer: str, shorter: str) -> bool:
    return claim_text_normalise(shorter) in claim_text_normalise(longer)
