import pytest
from django.test import override_settings
from django.utils import translation

from legal.documents.rendering import render_markdown


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert('x')</script>", "<script"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<a href="https://example.jp" onclick="steal()">x</a>', "onclick"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
        ('<div style="position:fixed">x</div>', "style="),
    ],
)
def test_unsafe_markdown_is_neutralised(markdown, forbidden):
    html = render_markdown(f"# 見出し\n\n{markdown}\n\n本文は残ります。")

    assert forbidden not in html
    assert "本文は残ります。" in html
    assert "<h1>見出し</h1>" in html


def test_markdown_structure_survives():
    html = render_markdown(
        "## 第1条\n\n1. 一\n2. 二\n\n"
        "| 項目 | 内容 |\n| --- | --- |\n| 販売事業者 | X |\n\n"
        "[規約](/legal/terms/)"
    )

    assert "<h2>第1条</h2>" in html
    assert "<ol>" in html and "<li>一</li>" in html
    assert "<table>" in html and "<td>販売事業者</td>" in html
    assert '<a href="/legal/terms/" rel="noopener noreferrer">規約</a>' in html


@override_settings(
    COMPANY={
        "name": "テスト株式会社",
        "name_en": "Test K.K.",
        "address": "東京都",
        "email": "info@test.example",
        "phone": "03-1111-2222",
        "representative": "代表 太郎",
        "invoice_registration_number": "T1234567890123",
    }
)
def test_company_placeholders_are_filled_in_the_visitors_language():
    text = "{{ company.name }} / {{company.email}} / {{ company.invoice_registration_number }}"

    with translation.override("ja"):
        assert "テスト株式会社 / info@test.example / T1234567890123" in render_markdown(text)
    with translation.override("en"):
        assert "Test K.K. / info@test.example / T1234567890123" in render_markdown(text)


def test_a_company_value_cannot_inject_markup():
    with override_settings(COMPANY={"name": "<script>x()</script>Evil"}):
        html = render_markdown("{{ company.name }}")

    assert "<script" not in html


def test_the_cookie_table_is_generated_from_the_inventory():
    with translation.override("en"):
        html = render_markdown("{{ cookie_table }}")

    assert "<table>" in html
    for name in ("sessionid", "csrftoken", "oscar_open_basket"):
        assert f"<code>{name}</code>" in html
