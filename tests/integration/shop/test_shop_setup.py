"""`manage.py shop_setup`: the first run of a new shop, from a TOML file and the environment."""

import datetime
import io
import re
import tomllib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.management import CommandError, call_command
from django.utils import timezone

from legal.demo.processors import DEMO_PROCESSORS
from legal.documents.models import DocumentKind, DocumentVersion
from legal.processors.models import (
    CountryDataProtection,
    Processor,
    ProcessorChange,
    ThirdParty,
    ThirdPartyChange,
)
from offsets.models import Registry, RegistryOperator
from tests.factories.legal import draft_version, published_version

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[3] / "deploy" / "shop.example.toml"
PASSWORD = "larch-Quota-8127"
TODAY = timezone.localdate()


@pytest.fixture
def rehearsal(settings):
    """Settings where example values are allowed (a developer's machine), with a password given."""
    settings.DEBUG = True
    settings.SHOP_SETUP_SUPERUSER_PASSWORD = PASSWORD
    settings.SHOP_SETUP_SUPERUSER_EMAIL = ""
    return settings


@pytest.fixture
def production(settings):
    """Production settings: DEBUG off, not staging (the test settings' own DEBUG is off too)."""
    settings.DEBUG = False
    settings.STAGING = False
    settings.SHOP_SETUP_SUPERUSER_PASSWORD = PASSWORD
    settings.SHOP_SETUP_SUPERUSER_EMAIL = ""
    settings.SHOP_BASE_URL = "https://shop.your-company.co.jp"
    return settings


def real_config_text(effective_on: datetime.date = TODAY) -> str:
    """The example file with every example value replaced, as a company fills it in."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = re.sub(r"([\w-]+)\.example\b", r"\1.co.jp", text)
    text = text.replace('"EXAMPLE-', '"MO-')
    return text.replace("effective_on = 2027-01-01", f"effective_on = {effective_on.isoformat()}")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shop.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(path: Path, *options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("shop_setup", "--config", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def database_state() -> dict:
    return {
        "users": sorted(get_user_model().objects.values_list("email", "is_superuser", "password")),
        "sites": sorted(Site.objects.values_list("pk", "domain", "name")),
        "processors": sorted(
            (p.role, p.name, p.is_active, p.data_scope, p.purposes, p.nda_reference)
            for p in Processor.objects.all()
        ),
        "processor_changes": ProcessorChange.objects.count(),
        "versions": sorted(DocumentVersion.objects.values_list("document__kind", "status", "effective_on")),
        "countries": sorted(CountryDataProtection.objects.values_list("code", "name_en", "checked_on")),
        "third_parties": sorted(ThirdParty.objects.values_list("name", "country", "data_scope", "is_active")),
        "third_party_changes": ThirdPartyChange.objects.count(),
        "registry_operators": sorted(RegistryOperator.objects.values_list("registry", "operator__name")),
    }


def test_the_example_file_sets_up_a_fresh_shop(rehearsal):
    out, _err = run(EXAMPLE)

    configured = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    superuser = get_user_model().objects.get(email=configured["superuser"]["email"])
    assert superuser.is_superuser and superuser.is_staff and superuser.check_password(PASSWORD)
    site = Site.objects.get(pk=rehearsal.SITE_ID)
    assert (site.domain, site.name) == (configured["site"]["domain"], configured["site"]["name"])
    registered = {processor.role: processor for processor in Processor.objects.all()}
    assert set(registered) == {"payment", "delivery", "certificate"}
    for spec in configured["processors"]:
        processor = registered[spec["role"]]
        assert processor.name == spec["name"] and processor.is_active
        assert processor.data_scope == spec["data_scope"]
        assert processor.purposes == spec["purposes"]
        assert (processor.nda_signed_on, processor.nda_reference) == (
            spec["nda_signed_on"],
            spec["nda_reference"],
        )
        assert processor.changes.count() == 1  # registered through processor_save, with its history
    versions = DocumentVersion.objects.published()
    assert sorted(versions.values_list("document__kind", flat=True)) == sorted(DocumentKind.values)
    assert {(v.number, v.effective_on) for v in versions} == {(1, configured["legal"]["effective_on"])}
    assert f"Superuser {superuser.email}: created" in out
    assert "Processor Stripe, Inc. (payment): created (data scope: order_number, amount)" in out
    assert "Legal document tokushoho: created (version 1 published, in force from 2027-01-01)" in out
    assert {country["code"] for country in configured["countries"]} == set(
        CountryDataProtection.objects.values_list("code", flat=True)
    )
    for spec in configured["registry_operators"]:
        operator = RegistryOperator.objects.select_related("operator").get(registry=spec["registry"]).operator
        assert (operator.name, operator.country, operator.data_scope) == (
            spec["name"],
            spec["country"],
            spec["data_scope"],
        )
        assert operator.changes.count() == 1  # registered through third_party_save, with its history
        assert f"Registry operator {spec['name']} ({spec['registry']}): created" in out
    assert "Country US (United States of America): created" in out
    assert out.rstrip().endswith("19 change(s).")


def test_a_second_run_changes_nothing_and_says_so(rehearsal):
    run(EXAMPLE)
    before = database_state()

    out, _err = run(EXAMPLE)

    assert database_state() == before
    lines = out.strip().splitlines()
    assert lines[-1] == "Nothing changed."
    assert len(lines[:-1]) == 19 and all(": already there" in line for line in lines[:-1])


def test_a_changed_scope_is_reported_and_kept_without_the_update_option(rehearsal, tmp_path):
    run(EXAMPLE)
    narrower = EXAMPLE.read_text(encoding="utf-8").replace(
        'data_scope = ["email", "name", "order_number", "amount", "beneficiary_name"]',
        'data_scope = ["email", "order_number"]',
    )
    before = database_state()

    out, _err = run(write(tmp_path, narrower))

    assert database_state() == before
    assert "Processor Example Mail Service K.K. (delivery): differs, not changed (data_scope " in out
    assert "--update-processors applies the file" in out
    assert out.rstrip().endswith("Nothing changed.")


def test_the_update_option_changes_the_scope_through_the_registry_history(rehearsal, tmp_path):
    run(EXAMPLE)
    narrower = EXAMPLE.read_text(encoding="utf-8").replace(
        'data_scope = ["email", "name", "order_number", "amount", "beneficiary_name"]',
        'data_scope = ["email", "order_number"]',
    )

    out, _err = run(write(tmp_path, narrower), "--update-processors")

    mail = Processor.objects.get(role="delivery", is_active=True)
    assert mail.data_scope == ["email", "order_number"]
    change = mail.changes.order_by("-pk").first()
    assert change.changes == {
        "data_scope": [
            ["email", "name", "order_number", "amount", "beneficiary_name"],
            ["email", "order_number"],
        ]
    }
    assert "Processor Example Mail Service K.K. (delivery): updated (data_scope " in out
    assert out.rstrip().endswith("1 change(s).")


def test_reordering_a_scope_is_no_change(rehearsal, tmp_path):
    run(EXAMPLE)
    reordered = EXAMPLE.read_text(encoding="utf-8").replace(
        'data_scope = ["order_number", "amount"]', 'data_scope = ["amount", "order_number"]'
    )

    out, _err = run(write(tmp_path, reordered), "--update-processors")

    assert "Processor Stripe, Inc. (payment): already there" in out
    assert out.rstrip().endswith("Nothing changed.")


def test_a_deactivated_processor_is_not_brought_back_and_another_holder_is_not_replaced(rehearsal):
    run(EXAMPLE)
    mail = Processor.objects.get(role="delivery")
    mail.is_active = False
    mail.save()
    certificates = Processor.objects.get(role="certificate")
    certificates.name = "Another Printer K.K."
    certificates.save()
    before = database_state()

    out, err = run(EXAMPLE)

    assert database_state() == before
    assert "(delivery): left alone (inactive in the registry" in out
    assert "(certificate): left alone (the role is held by Another Printer K.K." in out
    assert "no active delivery processor" in err


def test_documents_with_a_version_are_left_to_the_legal_editors(rehearsal):
    editors_terms = published_version("terms", effective_on=TODAY)
    published_version("terms", effective_on=TODAY)
    draft_version("privacy")

    out, _err = run(EXAMPLE)

    assert DocumentVersion.objects.filter(document__kind="terms").count() == 2
    assert DocumentVersion.objects.filter(document__kind="privacy").get().status == "draft"
    assert DocumentVersion.objects.get(document__kind="cookies").number == 1
    editors_terms.refresh_from_db()
    assert editors_terms.title == "terms 文書"
    assert "Legal document terms: already there (version 2 published)" in out
    assert "Legal document privacy: already there (a draft only: publish it in the admin)" in out
    assert "Legal document cookies: created" in out


def test_an_existing_superuser_is_kept_and_needs_no_password(rehearsal):
    user = get_user_model().objects.create_superuser("root", "shop-admin@your-company.example", "old-Pw-4711")
    rehearsal.SHOP_SETUP_SUPERUSER_PASSWORD = ""

    out, _err = run(EXAMPLE)

    user.refresh_from_db()
    assert user.check_password("old-Pw-4711")
    assert "Superuser shop-admin@your-company.example: already there" in out


def test_the_environment_names_the_superuser_before_the_file(rehearsal):
    rehearsal.SHOP_SETUP_SUPERUSER_EMAIL = "ops-lead@your-company.example"

    run(EXAMPLE)

    assert get_user_model().objects.get(is_superuser=True).email == "ops-lead@your-company.example"


def test_the_site_domain_defaults_to_the_host_of_shop_base_url(rehearsal, tmp_path):
    rehearsal.SHOP_BASE_URL = "https://shop.your-company.example"
    without_domain = EXAMPLE.read_text(encoding="utf-8").replace('domain = "shop.your-company.example"\n', "")

    _out, err = run(write(tmp_path, without_domain))

    assert Site.objects.get(pk=rehearsal.SITE_ID).domain == "shop.your-company.example"
    assert "SHOP_BASE_URL" not in err


def test_a_site_domain_other_than_shop_base_url_is_warned_about(rehearsal):
    rehearsal.SHOP_BASE_URL = "https://www.your-company.example"

    _out, err = run(EXAMPLE)

    assert (
        "SHOP_BASE_URL (https://www.your-company.example) is not on the site domain shop.your-company.example"
        in err
    )
    assert "Set SHOP_BASE_URL=https://shop.your-company.example" in err


def line_of(text: str, snippet: str, start: int = 0) -> int:
    """The number of the line where ``snippet`` first appears in ``text`` from ``start`` on."""
    return text[: text.index(snippet, start)].count("\n") + 1


# (text in the example file, its replacement, what the error names the line of, the error)
BAD_CONFIGS = [
    pytest.param(
        'role = "delivery"',
        'role = "mailer"',
        'role = "mailer"',
        "unknown role 'mailer'; choose one of payment, delivery, certificate, other.",
        id="unknown role",
    ),
    pytest.param(
        'data_scope = ["order_number", "amount"]',
        'data_scope = ["order_number", "card_number"]',
        "data_scope = [",
        "unknown personal-data field 'card_number'; choose from email, name, beneficiary_name,",
        id="unknown data field",
    ),
    pytest.param(
        'name = "Stripe, Inc."',
        'name = "Stripe, Inc."\nscope = ["email"]',
        "scope = ",
        "unknown key 'scope' in processor 1; known keys: contact, country, data_scope,",
        id="unknown key",
    ),
    pytest.param(
        "effective_on = 2027-01-01",
        'effective_on = "1 January 2027"',
        "effective_on = ",
        "legal.effective_on must be a date written without quotes, e.g. 2026-04-01.",
        id="date in quotes",
    ),
    pytest.param(
        "nda_expires_on = 2028-09-30",
        "nda_expires_on = 2025-09-30",
        "nda_expires_on = 2025",
        "nda_expires_on: The NDA cannot expire before it is signed.",
        id="NDA ends before it starts",
    ),
    pytest.param(
        'purposes = ["certificate_issuance"]',
        'purposes = ["card_payment"]',
        'purposes = ["card_payment"]',
        "purpose 'card_payment' is not allowed for a processor with role 'certificate'.",
        id="purpose of another role",
    ),
    pytest.param(
        'role = "certificate"',
        'role = "payment"',
        'role = "payment"',
        "role 'payment' is already given to processor 1: one processor per role.",
        id="two processors for one role",
    ),
    pytest.param(
        'email = "shop-admin@your-company.example"',
        'email = "shop-admin@your-company.example"\npassword = "x"',
        "password = ",
        "a password never goes in the config file: set DJANGO_SUPERUSER_PASSWORD",
        id="password in the file",
    ),
    pytest.param(
        'domain = "shop.your-company.example"',
        'domain = "https://shop.your-company.example/"',
        "domain = ",
        "site domain 'https://shop.your-company.example/' must be a host name only",
        id="URL for a domain",
    ),
    pytest.param(
        'name = "Offset Mart"',
        'name = "' + "オフセットマート" * 7 + '"',
        'name = "オフセット',
        "site name is longer than 50 characters.",
        id="site name too long",
    ),
    pytest.param(
        'registry = "verra"',
        'registry = "puro-earth"',
        'registry = "puro-earth"',
        "unknown registry 'puro-earth'; choose one of j-credit, verra, gold-standard, jcm.",
        id="unknown registry",
    ),
    pytest.param(
        'registry = "jcm"',
        'registry = "verra"',
        'registry = "verra"',
        "registry 'verra' is already given in table 2.",
        id="two operators for one registry",
    ),
    pytest.param(
        '[[countries]]\ncode = "CH"',
        '[[countries]]\ncode = "US"',
        'code = "US"',
        "code 'US' is already given in table 2.",
        id="one country described twice",
    ),
    pytest.param(
        'measures_en = "The Gold Standard Foundation',
        'measures_english = "The Gold Standard Foundation',
        "measures_english = ",
        "unknown key 'measures_english' in registry operator 3; known keys: contact, country, data_scope,",
        id="unknown key of an operator",
    ),
    pytest.param(
        'checked_on = 2026-10-01\n\n[[countries]]\ncode = "CH"',
        'checked_on = 2026-10-01\n\n[[countries]]\ncode = "CHE"',
        'code = "CHE"',
        "code must be an ISO 3166 code in capitals, e.g. US or CH.",
        id="three-letter country code",
    ),
    pytest.param(
        "nda_signed_on = 2026-10-01\nnda_clauses",
        "nda_signed_on = 2026-13-01\nnda_clauses",
        "nda_signed_on = 2026-13",
        None,  # tomllib's own message, with the line and column
        id="impossible date",
    ),
]


@pytest.mark.parametrize(("old", "new", "located", "message"), BAD_CONFIGS)
def test_a_bad_config_is_refused_naming_the_line_and_nothing_is_written(
    rehearsal, tmp_path, old, new, located, message
):
    text = EXAMPLE.read_text(encoding="utf-8")
    changed_at = text.index(old)
    text = text.replace(old, new, 1)
    before = database_state()

    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, text))

    line = line_of(text, located, start=changed_at)
    if message is None:
        assert "shop.toml: not valid TOML:" in str(refused.value)
        assert f"(at line {line}, column" in str(refused.value)
    else:
        assert f"shop.toml, line {line}: {message}" in str(refused.value)
    assert str(refused.value).startswith("Nothing was written:")
    assert database_state() == before


def test_every_problem_of_a_file_is_named_at_once(rehearsal, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('role = "delivery"', 'role = "mailer"').replace('country = "US"', 'country = "usa"')

    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, text))

    role_line, country_line = line_of(text, 'role = "mailer"'), line_of(text, 'country = "usa"')
    assert f"line {role_line}: unknown role 'mailer'" in str(refused.value)
    assert f"line {country_line}: country must be an ISO 3166 code in capitals" in str(refused.value)


def test_a_missing_file_is_refused(rehearsal, tmp_path):
    with pytest.raises(CommandError, match=r"missing\.toml: cannot be read"):
        run(tmp_path / "missing.toml")


def test_a_new_superuser_without_a_password_is_refused_and_nothing_is_written(rehearsal):
    rehearsal.SHOP_SETUP_SUPERUSER_PASSWORD = ""
    before = database_state()

    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD is not set: the superuser shop-admin@"):
        run(EXAMPLE)

    assert database_state() == before


def test_a_weak_password_is_refused_by_the_password_validators(rehearsal):
    rehearsal.SHOP_SETUP_SUPERUSER_PASSWORD = "12345678"

    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD is refused: .*too common"):
        run(EXAMPLE)

    assert not get_user_model().objects.exists()


def test_an_account_without_superuser_status_is_not_promoted(rehearsal):
    get_user_model().objects.create_user("buyer", "shop-admin@your-company.example", "pw-buyer-9981")

    with pytest.raises(CommandError, match="is an account without superuser status: grant it in the admin"):
        run(EXAMPLE)

    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_a_failure_while_writing_leaves_nothing_half_written(rehearsal, monkeypatch, tmp_path):
    # The checks pass, then the legal texts are found missing after the superuser, the site and
    # the processors were written: the one transaction takes all of it back.
    monkeypatch.setattr("shop.setup.services.legal_texts_newest_first", lambda: [tmp_path / "no-texts"])
    before = database_state()

    with pytest.raises(CommandError, match="Missing legal text .*no-texts/terms.ja.md"):
        run(EXAMPLE)

    assert database_state() == before


def test_production_accepts_a_filled_in_config(production, tmp_path):
    out, err = run(write(tmp_path, real_config_text()))

    assert get_user_model().objects.get(is_superuser=True).email == "shop-admin@your-company.co.jp"
    assert Site.objects.get(pk=production.SITE_ID).domain == "shop.your-company.co.jp"
    assert Processor.objects.filter(is_active=True).count() == 3
    assert out.rstrip().endswith("19 change(s).")
    # SHOP_BASE_URL agrees, every role is filled, the documents are in force today, and the file
    # describes the countries and every registry's operator: the checkout can take orders.
    assert err == ""


def test_without_the_countries_and_operators_setup_warns_that_the_checkout_refuses_orders(
    production, tmp_path
):
    text = real_config_text()
    text = text[: text.index("# What customers are told about each country")]

    out, err = run(write(tmp_path, text))

    assert out.rstrip().endswith("12 change(s).")
    warnings = err.splitlines()
    assert [line for line in warnings if "Stripe, Inc. is outside Japan" in line] != []
    for registry in Registry:
        assert [
            line for line in warnings if "no registry operator for" in line and f"({registry.value})" in line
        ]
    assert len(warnings) == 1 + len(Registry)


def test_setup_is_quiet_about_consent_once_the_admin_has_the_countries_and_registry_operators(
    production, tmp_path
):
    from legal.demo.third_parties import demo_registry_operators_register

    demo_registry_operators_register()

    _out, err = run(write(tmp_path, real_config_text()))

    assert err == ""


def test_production_refuses_the_example_values(production):
    before = database_state()

    with pytest.raises(CommandError) as refused:
        run(EXAMPLE)

    message = str(refused.value)
    text = EXAMPLE.read_text(encoding="utf-8")
    email_line, domain_line = line_of(text, "email = "), line_of(text, "domain = ")
    payment_line = line_of(text, '[[processors]]\nrole = "payment"')
    delivery_line = line_of(text, '[[processors]]\nrole = "delivery"')
    assert (
        f"line {email_line}: the superuser e-mail shop-admin@your-company.example is on an example" in message
    )
    assert f"line {domain_line}: the site domain shop.your-company.example is an example name" in message
    assert f"line {payment_line}: processor Stripe, Inc. (payment): NDA reference 'EXAMPLE-PAY-001" in message
    assert (
        f"line {delivery_line}: processor Example Mail Service K.K. (delivery): contact "
        "'privacy@mail-service.example' is on an example domain"
    ) in message
    assert database_state() == before


@pytest.mark.parametrize(
    "domain", ["example.com", "offsetmart.example", "shop.example.co.jp", "127.0.0.1:8000", "localhost"]
)
def test_production_refuses_a_demo_site_domain(production, tmp_path, domain):
    text = real_config_text().replace('domain = "shop.your-company.co.jp"', f'domain = "{domain}"')

    with pytest.raises(CommandError, match=f"the site domain {re.escape(domain)} is an example name"):
        run(write(tmp_path, text))

    assert not Processor.objects.exists()


def test_production_refuses_a_site_domain_left_to_the_local_shop_base_url(production, tmp_path):
    production.SHOP_BASE_URL = "http://127.0.0.1:8000"
    text = real_config_text().replace('domain = "shop.your-company.co.jp"\n', "")

    with pytest.raises(
        CommandError, match=r"127\.0\.0\.1:8000 \(taken from SHOP_BASE_URL\) is an example name"
    ):
        run(write(tmp_path, text))


@pytest.mark.parametrize("demo", DEMO_PROCESSORS, ids=lambda spec: spec["role"])
def test_production_refuses_a_demo_processor_in_the_file(production, tmp_path, demo):
    reference = demo["nda_reference"]
    text = re.sub(r'nda_reference = "MO-PAY-001[^"]*"', f'nda_reference = "{reference}"', real_config_text())
    text = text.replace('name = "Stripe, Inc."', f'name = "{demo["name"]}"')

    with pytest.raises(CommandError, match=re.escape(f"NDA reference '{demo['nda_reference']}' is a demo")):
        run(write(tmp_path, text))

    assert not Processor.objects.exists()


def test_production_refuses_the_demo_processors_left_in_the_registry(production, tmp_path):
    call_command("load_legal_demo", stdout=io.StringIO())
    before = database_state()

    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, real_config_text()))

    message = str(refused.value)
    for demo in DEMO_PROCESSORS:
        assert (
            f"the registry holds the processor {demo['name']} ({demo['role']}) with demo details" in message
        )
    assert database_state() == before


def test_production_refuses_the_demo_staff_password_and_account(production, tmp_path):
    production.SHOP_SETUP_SUPERUSER_PASSWORD = production.DEMO_STAFF_PASSWORD
    get_user_model().objects.create_superuser("staff", production.DEMO_STAFF_EMAIL, "whatever-9182")

    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, real_config_text()))

    assert "DJANGO_SUPERUSER_PASSWORD is the demo staff password" in str(refused.value)
    assert f"the demo staff account {production.DEMO_STAFF_EMAIL} exists" in str(refused.value)


def test_staging_may_keep_the_example_values(production):
    production.STAGING = True

    out, _err = run(EXAMPLE)

    assert out.rstrip().endswith("19 change(s).")


def test_a_refused_superuser_email_from_the_environment_names_the_variable(production, tmp_path):
    production.SHOP_SETUP_SUPERUSER_EMAIL = "root@localhost"

    with pytest.raises(
        CommandError, match="DJANGO_SUPERUSER_EMAIL: the superuser e-mail root@localhost is on an"
    ):
        run(write(tmp_path, real_config_text()))


def without_table(text: str, header: str, first_line: str) -> str:
    """``text`` without the ``[[header]]`` table that starts with ``first_line``."""
    start = text.index(f"[[{header}]]\n{first_line}")
    end = text.find("\n\n", start)
    return text[:start] + text[end + 2 :]


def test_an_operator_abroad_in_an_undescribed_country_is_refused_naming_its_line(rehearsal, tmp_path):
    text = without_table(EXAMPLE.read_text(encoding="utf-8"), "countries", 'code = "CH"')
    before = database_state()

    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, text))

    gold_standard = text.index('registry = "gold-standard"')
    line = line_of(text, 'country = "CH"', start=gold_standard)
    assert (
        f"shop.toml, line {line}: registry operator Gold Standard Foundation (gold-standard) is in CH, which "
        "no [[countries]] table (and no admin entry) describes" in str(refused.value)
    )
    assert database_state() == before


def test_a_country_described_in_the_admin_is_enough_for_an_operator_there(rehearsal, tmp_path):
    from legal.demo.third_parties import DEMO_COUNTRIES

    CountryDataProtection.objects.create(**next(c for c in DEMO_COUNTRIES if c["code"] == "CH"))
    text = without_table(EXAMPLE.read_text(encoding="utf-8"), "countries", 'code = "CH"')

    out, _err = run(write(tmp_path, text))

    assert "Registry operator Gold Standard Foundation (gold-standard): created" in out
    assert RegistryOperator.objects.get(registry="gold-standard").operator.country == "CH"


def test_an_operator_abroad_without_its_measures_is_refused(rehearsal, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    verra = text.index('registry = "verra"')
    end = text.index("\n\n", verra)
    table = "\n".join(line for line in text[verra:end].splitlines() if not line.startswith("measures_"))
    text = text[:verra] + table + text[end:]

    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, text))

    assert "an operator outside Japan needs measures_ja and measures_en" in str(refused.value)
    verra_table = line_of(text, '[[registry_operators]]\nregistry = "verra"')  # the key is missing: its table
    assert f"line {verra_table}: an operator outside Japan" in str(refused.value)
    assert not ThirdParty.objects.exists()


def test_the_admins_country_description_and_registry_operators_are_kept(rehearsal, tmp_path):
    from legal.demo.third_parties import DEMO_COUNTRIES

    run(EXAMPLE)
    us = CountryDataProtection.objects.get(code="US")
    us.system_outline_en = "Revised by our legal team after the 2027 federal act."
    us.save()
    other = ThirdParty.objects.create(
        name="Another J-Credit agent", country="JP", purpose_ja="無効化", purpose_en="Retiring",
        data_scope=["beneficiary_name"],
    )  # fmt: skip
    RegistryOperator.objects.filter(registry="j-credit").update(operator=other)
    before = database_state()

    out, _err = run(EXAMPLE)

    assert database_state() == before
    assert "Country US (United States of America): differs, not changed (system_outline_en" in out
    assert "the registry is run by Another J-Credit agent in the admin" in out
    assert (
        CountryDataProtection.objects.get(code="US").system_outline_en
        != next(c for c in DEMO_COUNTRIES if c["code"] == "US")["system_outline_en"]
    )


def test_production_refuses_a_registry_operator_contact_on_an_example_domain(production, tmp_path):
    text = real_config_text().replace(
        'contact = "https://verra.org/"', 'contact = "privacy@registry.example"'
    )
    before = database_state()

    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, text))

    line = line_of(text, 'contact = "privacy@registry.example"')
    assert (
        f"shop.toml, line {line}: registry operator Verra (verra): contact 'privacy@registry.example' is on "
        "an example domain." in str(refused.value)
    )
    assert database_state() == before
