"""The cookie inventory decides the consent version: a changed list of optional cookies asks again."""

from django.utils.translation import gettext_lazy

from legal.cookies import inventory as cookies
from legal.cookies.inventory import Cookie, CookieCategory


def optional_cookie(name: str, category=CookieCategory.PREFERENCES) -> Cookie:
    return Cookie(name, gettext_lazy("this shop"), gettext_lazy("purpose"), gettext_lazy("1 day"), category)


def test_the_consent_version_is_stable_for_the_same_list():
    assert cookies.consent_version() == cookies.consent_version()
    assert len(cookies.consent_version()) == 8


def test_a_new_optional_cookie_changes_the_consent_version(monkeypatch):
    before = cookies.consent_version()
    listed = cookies.inventory()

    monkeypatch.setattr(cookies, "inventory", lambda: [*listed, optional_cookie("new_preference")])

    assert cookies.consent_version() != before


def test_a_new_necessary_cookie_does_not_ask_again(monkeypatch):
    before = cookies.consent_version()
    listed = cookies.inventory()

    monkeypatch.setattr(
        cookies, "inventory", lambda: [*listed, optional_cookie("new_necessary", CookieCategory.NECESSARY)]
    )

    assert cookies.consent_version() == before


def test_bumping_the_revision_asks_again(monkeypatch):
    before = cookies.consent_version()

    monkeypatch.setattr(cookies, "CONSENT_REVISION", cookies.CONSENT_REVISION + 1)

    assert cookies.consent_version() != before


def test_only_categories_in_use_are_offered():
    assert cookies.optional_categories() == [CookieCategory.PREFERENCES]


def test_the_table_has_a_category_column(english):
    table = cookies.cookie_table_markdown().splitlines()

    assert table[0] == "| Cookie | Set by | Purpose | Kept for | Category | Needs your consent |"
    history = next(row for row in table if "`oscar_history`" in row)
    assert history.endswith("| Preferences (functional) | Yes |")
    session = next(row for row in table if "`sessionid`" in row)
    assert session.endswith("| Strictly necessary | No |")
