import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ja", "¥3,300（税込）"), ("en", "¥3,300 (tax incl.)")],
)
def test_prices_are_shown_tax_inclusive_in_whole_yen(language, expected):
    with translation.override(language):
        rendered = Template("{{ price|yen_incl_tax }}").render(Context({"price": 3300}))
    assert rendered == expected


def test_large_amounts_have_thousands_separators_and_no_decimals():
    rendered = Template("{{ price|yen }}").render(Context({"price": 1234567}))
    assert rendered == "¥1,234,567"
