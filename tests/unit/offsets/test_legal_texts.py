"""The substitution placeholders of the legal texts come from the code: the rule and the notice period."""

import pytest
from django.utils import translation

from legal.documents.rendering import render_markdown


def test_the_notice_period_follows_the_setting(settings):
    settings.SUBSTITUTION_NOTICE_DAYS = 10

    html = render_markdown("We tell you {{ substitution_notice_days }} days before.")

    assert "We tell you 10 days before." in html


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ["same registry or standard", "removal, or avoidance", "same or a later vintage"]),
        ("ja", ["同じ登録簿・制度", "同じプロジェクト分類", "同じかそれより新しいビンテージ"]),
    ],
)
def test_the_same_kind_rule_is_listed_in_the_pages_language(language, expected):
    with translation.override(language):
        html = render_markdown("Credits of the same kind are:\n{{ substitution_rule }}")

    assert html.count("<li>") == 4
    assert all(condition in html for condition in expected)
