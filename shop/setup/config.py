"""The first-run config file (TOML): read, checked field by field, every problem named by its line.

Only the shape and the catalogues are checked here (known keys, types, dates, roles, purposes,
data fields, NDA clauses); what depends on the database or on production settings is checked
by services.setup_problems. The superuser's password is never read from the file.
"""

import dataclasses
import datetime
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from legal.processors.models import (
    PURPOSE_ROLES,
    CountryDataProtection,
    NdaClause,
    PersonalDataField,
    Processor,
    ProcessorRole,
    Purpose,
    ThirdParty,
)
from offsets.models import Registry

SECTIONS = {"superuser", "site", "legal", "processors", "countries", "registry_operators"}
SUPERUSER_KEYS = {"email"}
SITE_KEYS = {"domain", "name"}
LEGAL_KEYS = {"effective_on"}
PROCESSOR_TEXT_KEYS = (
    "name", "role", "entrustment_purpose", "country", "contact", "nda_reference",
    "measures_ja", "measures_en",
)  # fmt: skip
PROCESSOR_LIST_KEYS = ("purposes", "nda_clauses", "data_scope")
PROCESSOR_DATE_KEYS = ("nda_signed_on", "nda_expires_on", "last_reviewed_on")
# A processor abroad needs its measures (APPI Art. 28(2)) before the checkout takes orders; one in
# Japan does not, so they are optional here and their absence is a warning of shop_setup.
PROCESSOR_OPTIONAL_KEYS = {"contact", "nda_expires_on", "measures_ja", "measures_en"}
PROCESSOR_KEYS = (*PROCESSOR_TEXT_KEYS, *PROCESSOR_LIST_KEYS, *PROCESSOR_DATE_KEYS)
# The catalogue each list key's values come from.
PROCESSOR_CATALOGUES = {
    "purposes": ("purpose", Purpose.values),
    "nda_clauses": ("NDA clause", NdaClause.values),
    "data_scope": ("personal-data field", PersonalDataField.values),
}
# What the final confirmation page tells a customer about a country before they consent to a
# recipient there (APPI Art. 28(2)): one [[countries]] table per country.
COUNTRY_TEXT_KEYS = ("code", "name_ja", "name_en", "system_outline_ja", "system_outline_en", "source")
COUNTRY_KEYS = (*COUNTRY_TEXT_KEYS, "checked_on")
# The third party that retires credits in the beneficiary's name, one [[registry_operators]]
# table per registry; its measures are needed outside Japan only.
OPERATOR_TEXT_KEYS = (
    "registry", "name", "country", "purpose_ja", "purpose_en", "measures_ja", "measures_en", "contact",
)  # fmt: skip
OPERATOR_OPTIONAL_KEYS = {"measures_ja", "measures_en", "contact"}
OPERATOR_KEYS = (*OPERATOR_TEXT_KEYS, "data_scope")
# A host, with a port where needed: what django.contrib.sites keeps as the domain.
DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?")
COUNTRY = re.compile(r"[A-Z]{2}")

TABLE_HEADER = re.compile(r"\s*\[(\[)?\s*([A-Za-z0-9_.-]+)\s*\]")
KEY_LINE = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")


class ConfigInvalid(Exception):
    """The config file cannot be used; ``problems`` are messages, each naming its line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclasses.dataclass(frozen=True)
class ProcessorEntry:
    """One ``[[processors]]`` table: the Processor fields it gives, and where it is."""

    number: int  # 1-based, in file order
    fields: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.fields['name']} ({self.fields['role']})"


@dataclasses.dataclass(frozen=True)
class CountryEntry:
    """One ``[[countries]]`` table: the CountryDataProtection fields it gives."""

    number: int
    fields: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class RegistryOperatorEntry:
    """One ``[[registry_operators]]`` table: the registry, and the ThirdParty fields of who runs it."""

    number: int
    registry: str
    fields: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.fields['name']} ({self.registry})"


@dataclasses.dataclass(frozen=True)
class ShopConfig:
    path: Path
    superuser_email: str
    superuser_email_where: str  # "<file>, line N", or the variable it came from
    site_domain: str
    site_name: str
    legal_effective_on: datetime.date | None
    processors: list[ProcessorEntry]
    lines: dict[str, int]  # line numbers by dotted key: "site.domain", "processors.2.data_scope"
    countries: list[CountryEntry] = dataclasses.field(default_factory=list)
    registry_operators: list[RegistryOperatorEntry] = dataclasses.field(default_factory=list)

    def where(self, key: str) -> str:
        """``"<file>, line N"`` of ``key`` (or of the nearest enclosing table); the file alone if unknown."""
        return _where(self.path, self.lines, key)


def _where(path: Path, lines: dict[str, int], key: str) -> str:
    while key:
        if key in lines:
            return f"{path}, line {lines[key]}"
        key = key.rpartition(".")[0]
    return str(path)


def key_lines(text: str) -> dict[str, int]:
    """Line numbers of the tables and keys of a TOML text, by dotted key ("processors.2.role").

    tomllib gives values without positions; this walks the lines the way the file is written
    here (one key per line, tables and arrays of tables), skipping multi-line strings.
    """
    lines: dict[str, int] = {}
    table = ""
    array_counts: Counter[str] = Counter()
    open_quote = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if open_quote:
            if line.count(open_quote) % 2:
                open_quote = ""
            continue
        header = TABLE_HEADER.match(line)
        if header:
            name = header.group(2)
            if header.group(1):
                array_counts[name] += 1
                name = f"{name}.{array_counts[name]}"
            table = name
            lines.setdefault(table, number)
            continue
        key = KEY_LINE.match(line)
        if key:
            lines.setdefault(f"{table}.{key.group(1)}" if table else key.group(1), number)
            open_quote = next((quote for quote in ('"""', "'''") if line.count(quote) % 2), "")
    return lines


def config_read(*, path: Path, superuser_email: str, base_url_host: str, shop_name: str) -> ShopConfig:
    """Read and check the config file; raise ConfigInvalid naming every problem and its line.

    ``superuser_email`` (from the environment) overrides the file's; the site's domain and name
    default to ``base_url_host`` (SHOP_BASE_URL's) and ``shop_name``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as problem:
        raise ConfigInvalid([f"{path}: cannot be read ({problem.strerror or problem})."]) from problem
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ConfigInvalid([f"{path}: not valid TOML: {problem}."]) from problem
    reader = _Reader(path=path, lines=key_lines(text))
    reader.unknown_keys(document, SECTIONS, "", "the file")
    superuser = reader.table(document, "superuser", SUPERUSER_KEYS)
    site = reader.table(document, "site", SITE_KEYS)
    legal = reader.table(document, "legal", LEGAL_KEYS)
    email = superuser_email or reader.text(superuser, "superuser.email", required=False)
    email_where = (
        "DJANGO_SUPERUSER_EMAIL" if superuser_email else _where(path, reader.lines, "superuser.email")
    )
    if not email:
        reader.problem("superuser", "no superuser e-mail: set [superuser] email or DJANGO_SUPERUSER_EMAIL.")
    elif not _valid_email(email):
        reader.problems.append(f"{email_where}: {email!r} is not an e-mail address.")
    domain = reader.text(site, "site.domain", required=False) or base_url_host
    if not DOMAIN.fullmatch(domain):
        reader.problem(
            "site.domain",
            f"site domain {domain!r} must be a host name only (e.g. shop.your-company.co.jp: "
            "no https://, no path).",
        )
    site_name = reader.text(site, "site.name", required=False) or shop_name
    for key, value in (("domain", domain), ("name", site_name)):
        longest = Site._meta.get_field(key).max_length
        if len(value) > longest:
            reader.problem(f"site.{key}", f"site {key} is longer than {longest} characters.")
    config = ShopConfig(
        path=path,
        superuser_email=email,
        superuser_email_where=email_where,
        site_domain=domain.lower(),
        site_name=site_name,
        legal_effective_on=reader.date(legal, "legal.effective_on", required=True),
        processors=reader.processors(document.get("processors", [])),
        lines=reader.lines,
        countries=reader.countries(document.get("countries", [])),
        registry_operators=reader.registry_operators(document.get("registry_operators", [])),
    )
    if reader.problems:
        raise ConfigInvalid(reader.problems)
    return config


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


class _Reader:
    """Collects every problem of one file, so the operator fixes them in one go."""

    def __init__(self, *, path: Path, lines: dict[str, int]):
        self.path = path
        self.lines = lines
        self.problems: list[str] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{_where(self.path, self.lines, key)}: {message}")

    def unknown_keys(self, table: dict, known: set[str] | tuple[str, ...], prefix: str, label: str) -> None:
        for key in table:
            if key == "password":
                self.problem(
                    f"{prefix}{key}",
                    "a password never goes in the config file: set DJANGO_SUPERUSER_PASSWORD in the "
                    "environment of this one command instead.",
                )
            elif key not in known:
                self.problem(
                    f"{prefix}{key}",
                    f"unknown key {key!r} in {label}; known keys: {', '.join(sorted(known))}.",
                )

    def table(self, document: dict, name: str, known: set[str]) -> dict:
        table = document.get(name, {})
        if not isinstance(table, dict):
            self.problem(name, f"{name} must be a table ([{name}]).")
            return {}
        self.unknown_keys(table, known, f"{name}.", f"[{name}]")
        return table

    def text(self, table: dict, key: str, *, required: bool) -> str:
        value = table.get(key.rpartition(".")[2])
        if value is None:
            if required:
                self.problem(key, f"{key} is missing.")
            return ""
        if not isinstance(value, str):
            self.problem(key, f"{key} must be text in quotes.")
            return ""
        if required and not value.strip():
            self.problem(key, f"{key} is empty.")
        return value.strip()

    def date(self, table: dict, key: str, *, required: bool) -> datetime.date | None:
        value = table.get(key.rpartition(".")[2])
        if value is None:
            if required:
                self.problem(key, f"{key} is missing.")
            return None
        # A TOML date-time is a datetime, which is also a date: only a plain date is a day.
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            self.problem(key, f"{key} must be a date written without quotes, e.g. 2026-04-01.")
            return None
        return value

    def processors(self, tables: Any) -> list[ProcessorEntry]:
        if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
            self.problem("processors", "processors must be tables, each starting with [[processors]].")
            return []
        first_of_role: dict[str, int] = {}
        for number, table in enumerate(tables, start=1):
            role = table.get("role")
            if isinstance(role, str) and role in first_of_role:
                self.problem(
                    f"processors.{number}.role",
                    f"role {role!r} is already given to processor {first_of_role[role]}: "
                    "one processor per role.",
                )
            elif isinstance(role, str):
                first_of_role[role] = number
        entries = [self.processor(number, table) for number, table in enumerate(tables, start=1)]
        return [entry for entry in entries if entry is not None]

    def processor(self, number: int, table: dict) -> ProcessorEntry | None:
        prefix = f"processors.{number}."
        found_before = len(self.problems)
        self.unknown_keys(table, PROCESSOR_KEYS, prefix, f"processor {number}")
        fields: dict[str, Any] = {}
        for key in PROCESSOR_TEXT_KEYS:
            fields[key] = self.text(table, prefix + key, required=key not in PROCESSOR_OPTIONAL_KEYS)
        for key in PROCESSOR_DATE_KEYS:
            fields[key] = self.date(table, prefix + key, required=key not in PROCESSOR_OPTIONAL_KEYS)
        for key in PROCESSOR_LIST_KEYS:
            fields[key] = self.choices(table, prefix + key)
        if fields["role"] and fields["role"] not in ProcessorRole.values:
            self.problem(
                prefix + "role",
                f"unknown role {fields['role']!r}; choose one of {', '.join(ProcessorRole.values)}.",
            )
        if fields["country"] and not COUNTRY.fullmatch(fields["country"]):
            self.problem(prefix + "country", "country must be an ISO 3166 code in capitals, e.g. JP or US.")
        for purpose in fields["purposes"]:
            known_role = fields["role"] in ProcessorRole.values
            if known_role and purpose in PURPOSE_ROLES and fields["role"] not in PURPOSE_ROLES[purpose]:
                self.problem(
                    prefix + "purposes",
                    f"purpose {purpose!r} is not allowed for a processor with role {fields['role']!r}.",
                )
        if len(self.problems) > found_before:
            return None
        # The model's own checks (lengths, NDA dates in order): the same rules as the admin's.
        try:
            Processor(**fields).full_clean(validate_constraints=False)
        except ValidationError as invalid:
            for field, messages in invalid.message_dict.items():
                self.problem(prefix + field, f"{field}: {' '.join(messages)}")
            return None
        return ProcessorEntry(number=number, fields=fields)

    def tables(self, value: Any, name: str) -> list[dict]:
        if not isinstance(value, list) or not all(isinstance(table, dict) for table in value):
            self.problem(name, f"{name} must be tables, each starting with [[{name}]].")
            return []
        return value

    def duplicates(self, tables: list[dict], name: str, key: str) -> None:
        """Name each table whose ``key`` repeats an earlier table's."""
        first: dict[str, int] = {}
        for number, table in enumerate(tables, start=1):
            value = table.get(key)
            if isinstance(value, str) and value in first:
                self.problem(
                    f"{name}.{number}.{key}", f"{key} {value!r} is already given in table {first[value]}."
                )
            elif isinstance(value, str):
                first[value] = number

    def countries(self, value: Any) -> list[CountryEntry]:
        tables = self.tables(value, "countries")
        self.duplicates(tables, "countries", "code")
        entries = []
        for number, table in enumerate(tables, start=1):
            prefix = f"countries.{number}."
            found_before = len(self.problems)
            self.unknown_keys(table, COUNTRY_KEYS, prefix, f"country {number}")
            fields: dict[str, Any] = {
                key: self.text(table, prefix + key, required=True) for key in COUNTRY_TEXT_KEYS
            }
            fields["checked_on"] = self.date(table, prefix + "checked_on", required=True)
            if fields["code"] and not COUNTRY.fullmatch(fields["code"]):
                self.problem(prefix + "code", "code must be an ISO 3166 code in capitals, e.g. US or CH.")
            if len(self.problems) == found_before and self.model_valid(
                CountryDataProtection(**fields), prefix, validate_unique=False
            ):
                entries.append(CountryEntry(number=number, fields=fields))
        return entries

    def registry_operators(self, value: Any) -> list[RegistryOperatorEntry]:
        tables = self.tables(value, "registry_operators")
        self.duplicates(tables, "registry_operators", "registry")
        entries = []
        for number, table in enumerate(tables, start=1):
            prefix = f"registry_operators.{number}."
            found_before = len(self.problems)
            self.unknown_keys(table, OPERATOR_KEYS, prefix, f"registry operator {number}")
            fields: dict[str, Any] = {
                key: self.text(table, prefix + key, required=key not in OPERATOR_OPTIONAL_KEYS)
                for key in OPERATOR_TEXT_KEYS
            }
            fields["data_scope"] = self.choices(table, prefix + "data_scope")
            registry = fields.pop("registry")
            if registry and registry not in Registry.values:
                self.problem(
                    prefix + "registry",
                    f"unknown registry {registry!r}; choose one of {', '.join(Registry.values)}.",
                )
            if fields["country"] and not COUNTRY.fullmatch(fields["country"]):
                self.problem(
                    prefix + "country", "country must be an ISO 3166 code in capitals, e.g. JP or US."
                )
            elif fields["country"] not in ("", "JP") and not (
                fields["measures_ja"] and fields["measures_en"]
            ):
                self.problem(
                    prefix + "measures_ja",
                    "an operator outside Japan needs measures_ja and measures_en: customers read them before "
                    "they consent (APPI Art. 28(2)).",
                )
            # The model's own field checks; whether its country is described is checked against
            # the file and the database together (services.setup_problems).
            if len(self.problems) == found_before and self.model_valid(
                ThirdParty(**fields), prefix, clean=False
            ):
                entries.append(RegistryOperatorEntry(number=number, registry=registry, fields=fields))
        return entries

    def model_valid(self, instance, prefix: str, *, clean: bool = True, validate_unique: bool = True) -> bool:
        """Run the model's own checks (the admin's rules) on ``instance``; name each failure."""
        try:
            if clean:
                instance.full_clean(validate_unique=validate_unique, validate_constraints=False)
            else:
                instance.clean_fields()
        except ValidationError as invalid:
            for field, messages in invalid.message_dict.items():
                self.problem(prefix + field, f"{field}: {' '.join(messages)}")
            return False
        return True

    def choices(self, table: dict, key: str) -> list[str]:
        """A list of codes from the key's catalogue, duplicates dropped, in the file's order."""
        value = table.get(key.rpartition(".")[2])
        if value is None:
            self.problem(key, f"{key} is missing (an empty list [] if none).")
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(key, f'{key} must be a list of quoted codes, e.g. ["email", "name"].')
            return []
        what, catalogue = PROCESSOR_CATALOGUES[key.rpartition(".")[2]]
        unknown = [item for item in value if item not in catalogue]
        for item in unknown:
            self.problem(key, f"unknown {what} {item!r}; choose from {', '.join(catalogue)}.")
        return list(dict.fromkeys(value))
