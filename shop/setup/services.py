"""The first run of a new shop: superuser, site, entrusted processors, the countries and registry
operators customers consent to, first legal versions.

``shop_setup`` checks everything first and refuses with every problem named; then it writes
in one transaction, so a refusal or a failure leaves the database as it was. Each step
reports what it found: created, already there, updated, differs (not changed) or left alone.
"""

import dataclasses
import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_class

from legal.demo import legal_texts_newest_first
from legal.documents import services as documents_services
from legal.documents.models import DocumentKind, DocumentVersion
from legal.processors import selectors as processors_selectors
from legal.processors import services as processors_services
from legal.processors.models import CountryDataProtection, Processor, ProcessorRole, ThirdParty
from offsets.models import Registry, RegistryOperator

from .config import PROCESSOR_LIST_KEYS, CountryEntry, ProcessorEntry, RegistryOperatorEntry, ShopConfig
from .placeholders import (
    EMAIL_HOST,
    URL_HOST,
    demo_values_refused,
    placeholder_email,
    placeholder_host,
    processor_demo_reasons,
)

CREATED = "created"
ALREADY_THERE = "already there"
UPDATED = "updated"
DIFFERS = "differs, not changed"
LEFT_ALONE = "left alone"
# The roles the shop hands personal data to: without an active processor for each, the gateway
# refuses that work (and keeps it for retry).
NEEDED_ROLES = (ProcessorRole.PAYMENT, ProcessorRole.DELIVERY, ProcessorRole.CERTIFICATE_ISSUANCE)


@dataclasses.dataclass(frozen=True)
class Outcome:
    thing: str
    status: str
    detail: str = ""

    @property
    def changed(self) -> bool:
        return self.status in (CREATED, UPDATED)

    def __str__(self) -> str:
        return f"{self.thing}: {self.status}" + (f" ({self.detail})" if self.detail else "")


@dataclasses.dataclass(frozen=True)
class SetupReport:
    outcomes: list[Outcome]
    warnings: list[str]


class SetupRefused(Exception):
    """The shop cannot be set up as asked; ``problems`` say why, each on its own."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@transaction.atomic
def shop_setup(*, config: ShopConfig, password: str, update_processors: bool) -> SetupReport:
    """Bring the database to what ``config`` describes, where it is not there yet; see the module doc."""
    problems = setup_problems(config=config, password=password, update_processors=update_processors)
    if problems:
        raise SetupRefused(problems)
    outcomes = [
        superuser_ensure(email=config.superuser_email, password=password),
        site_ensure(domain=config.site_domain, name=config.site_name),
        *(processor_ensure(entry=entry, update=update_processors) for entry in config.processors),
        # Countries first: a recipient abroad is only valid once its country is described.
        *(country_ensure(entry=entry) for entry in config.countries),
        *(registry_operator_ensure(entry=entry) for entry in config.registry_operators),
        *legal_documents_ensure(effective_on=config.legal_effective_on),
    ]
    return SetupReport(outcomes=outcomes, warnings=setup_warnings(config=config, outcomes=outcomes))


def setup_problems(*, config: ShopConfig, password: str, update_processors: bool) -> list[str]:
    """What stops the setup: the superuser cannot be created, or (in production) demo values."""
    problems = []
    User = get_user_model()
    users = list(User.objects.filter(email__iexact=config.superuser_email))
    where = config.superuser_email_where
    if len(users) > 1:
        problems.append(f"{where}: {len(users)} accounts share the e-mail {config.superuser_email}.")
    elif users and not users[0].is_superuser:
        problems.append(
            f"{where}: {config.superuser_email} is an account without superuser status: grant it in the "
            "admin, or name another e-mail."
        )
    elif not users and not password:
        problems.append(
            f"DJANGO_SUPERUSER_PASSWORD is not set: the superuser {config.superuser_email} is created with "
            "the password from this variable (never from the file)."
        )
    elif not users:
        try:
            email = config.superuser_email
            validate_password(password, user=User(username=email, email=email))
        except ValidationError as weak:
            problems.append(f"DJANGO_SUPERUSER_PASSWORD is refused: {' '.join(weak.messages)}")
    problems.extend(undescribed_countries(config=config))
    if demo_values_refused():
        problems.extend(demo_problems(config=config, password=password, update_processors=update_processors))
    return problems


def undescribed_countries(*, config: ShopConfig) -> list[str]:
    """Registry operators abroad whose country neither the file nor the admin describes."""
    described = {entry.fields["code"] for entry in config.countries}
    described |= set(CountryDataProtection.objects.values_list("code", flat=True))
    return [
        f"{config.where(f'registry_operators.{entry.number}.country')}: registry operator {entry.label} "
        f"is in {entry.fields['country']}, which no [[countries]] table (and no admin entry) describes: "
        "customers are told about that country's system before they consent."
        for entry in config.registry_operators
        if entry.fields["country"] != "JP" and entry.fields["country"] not in described
    ]


def demo_problems(*, config: ShopConfig, password: str, update_processors: bool) -> list[str]:
    """The demo's or the example file's values, in the config or already in the database."""
    problems = []
    if placeholder_email(config.superuser_email):
        problems.append(
            f"{config.superuser_email_where}: the superuser e-mail {config.superuser_email} is on an "
            "example domain: give a real address (it receives the shop's staff notices)."
        )
    if password and password == settings.DEMO_STAFF_PASSWORD:
        problems.append("DJANGO_SUPERUSER_PASSWORD is the demo staff password: choose another.")
    if placeholder_host(config.site_domain):
        origin = "" if "site.domain" in config.lines else " (taken from SHOP_BASE_URL)"
        problems.append(
            f"{config.where('site.domain')}: the site domain {config.site_domain}{origin} is an example "
            "name or this machine: give the shop's public domain."
        )
    for entry in config.processors:
        problems.extend(
            f"{config.where(f'processors.{entry.number}')}: processor {entry.label}: {reason}."
            for reason in processor_demo_reasons(entry.fields)
        )
    # A registered processor the file replaces (--update-processors), or whose entry is refused
    # above already, is not refused twice; any other keeps its details, so they are checked too.
    covered = {
        (entry.fields["role"], entry.fields["name"])
        for entry in config.processors
        if update_processors or processor_demo_reasons(entry.fields)
    }
    for processor in Processor.objects.filter(is_active=True):
        if (processor.role, processor.name) in covered:
            continue
        reasons = processor_demo_reasons(
            {"name": processor.name, "nda_reference": processor.nda_reference, "contact": processor.contact}
        )
        if reasons:
            problems.append(
                f"the registry holds the processor {processor.name} ({processor.role}) with demo details "
                f"({'; '.join(reasons)}): deactivate it in the admin, or give its real details in the "
                "file and run with --update-processors."
            )
    for entry in config.registry_operators:
        hosts = EMAIL_HOST.findall(entry.fields["contact"]) + URL_HOST.findall(entry.fields["contact"])
        if any(placeholder_host(host) for host in hosts):
            problems.append(
                f"{config.where(f'registry_operators.{entry.number}.contact')}: registry operator "
                f"{entry.label}: contact {entry.fields['contact']!r} is on an example domain."
            )
    demo_staff = get_user_model().objects.filter(email__iexact=settings.DEMO_STAFF_EMAIL, is_active=True)
    if demo_staff.exists():
        problems.append(
            f"the demo staff account {settings.DEMO_STAFF_EMAIL} exists (load_demo_data ran on this "
            "database): deactivate or delete it in the admin."
        )
    return problems


def superuser_ensure(*, email: str, password: str) -> Outcome:
    """Create the superuser unless an account has this e-mail; an existing one is never changed."""
    User = get_user_model()
    thing = f"Superuser {email}"
    if User.objects.filter(email__iexact=email).exists():
        return Outcome(thing, ALREADY_THERE, "its password and permissions are kept")
    # Oscar signs people in by e-mail; the username only has to be unique and fit.
    username = email if len(email) <= User._meta.get_field("username").max_length else _generated_username()
    User.objects.create_superuser(username=username, email=email, password=password)
    return Outcome(thing, CREATED, "sets up two-factor sign-in at the first sign-in")


def _generated_username() -> str:
    return get_class("customer.forms", "generate_username")()


def site_ensure(*, domain: str, name: str) -> Outcome:
    """Give the site (SITE_ID) this domain and name; e-mail and sitemaps build addresses from it."""
    thing = f"Site {domain} ({name})"
    site = Site.objects.filter(pk=settings.SITE_ID).first()
    if site is None:
        Site.objects.create(pk=settings.SITE_ID, domain=domain, name=name)
        return Outcome(thing, CREATED)
    if (site.domain, site.name) == (domain, name):
        return Outcome(thing, ALREADY_THERE)
    before = f"was {site.domain} ({site.name})"
    site.domain, site.name = domain, name
    site.full_clean()
    site.save()
    return Outcome(thing, UPDATED, before)


def processor_ensure(*, entry: ProcessorEntry, update: bool) -> Outcome:
    """Register the processor unless its role has one; update a differing one only when asked.

    Updates and registrations go through ``processor_save``, which keeps the history. A processor
    an administrator deactivated is not brought back, and another processor holding the role is
    not replaced: both are the administrators' decisions.
    """
    fields = entry.fields
    thing = f"Processor {entry.label}"
    active = Processor.objects.filter(role=fields["role"], is_active=True).first()
    if active is None:
        if Processor.objects.filter(role=fields["role"], name=fields["name"], is_active=False).exists():
            return Outcome(thing, LEFT_ALONE, "inactive in the registry: an administrator may reactivate it")
        processors_services.processor_save(processor=Processor(**fields), changed_by=None)
        return Outcome(thing, CREATED, f"data scope: {', '.join(fields['data_scope']) or 'none'}")
    if active.name != fields["name"]:
        return Outcome(
            thing,
            LEFT_ALONE,
            f"the role is held by {active.name}: to replace it, deactivate it in the admin and run again",
        )
    differences = [
        f"{field} {getattr(active, field)!r} -> {value!r}"
        for field, value in fields.items()
        if not _same_value(field, getattr(active, field), value)
    ]
    if not differences:
        return Outcome(thing, ALREADY_THERE)
    if not update:
        return Outcome(thing, DIFFERS, f"{'; '.join(differences)}; --update-processors applies the file")
    for field, value in fields.items():
        setattr(active, field, value)
    processors_services.processor_save(processor=active, changed_by=None)
    return Outcome(thing, UPDATED, "; ".join(differences))


def _same_value(field: str, stored, configured) -> bool:
    # Scopes, purposes and clauses are sets: the order they are written in means nothing.
    if field in PROCESSOR_LIST_KEYS:
        return set(stored) == set(configured)
    return stored == configured


def country_ensure(*, entry: CountryEntry) -> Outcome:
    """Describe the country unless the admin already does; a differing description is only reported.

    The outline is legal text the administrators keep up to date (checked_on): an old copy of
    the file must not overwrite it.
    """
    fields = entry.fields
    thing = f"Country {fields['code']} ({fields['name_en']})"
    existing = CountryDataProtection.objects.filter(code=fields["code"]).first()
    if existing is None:
        processors_services.country_data_protection_save(country=CountryDataProtection(**fields))
        return Outcome(thing, CREATED)
    differing = [field for field, value in fields.items() if getattr(existing, field) != value]
    if differing:
        return Outcome(thing, DIFFERS, f"{', '.join(differing)}: the admin's description is kept")
    return Outcome(thing, ALREADY_THERE)


def registry_operator_ensure(*, entry: RegistryOperatorEntry) -> Outcome:
    """Register who runs the registry (a third party, with its history) unless the registry has one.

    A recipient of that name already in the register is reused as it is; another operator
    already mapped to the registry is the administrators' decision and is left alone.
    """
    fields = entry.fields
    thing = f"Registry operator {entry.label}"
    mapped = RegistryOperator.objects.select_related("operator").filter(registry=entry.registry).first()
    if mapped is not None and mapped.operator.name != fields["name"]:
        return Outcome(thing, LEFT_ALONE, f"the registry is run by {mapped.operator.name} in the admin")
    operator = mapped.operator if mapped else ThirdParty.objects.filter(name=fields["name"]).first()
    if operator is None:
        operator = processors_services.third_party_save(third_party=ThirdParty(**fields), changed_by=None)
    if mapped is None:
        RegistryOperator.objects.create(registry=entry.registry, operator=operator)
        return Outcome(thing, CREATED, f"data scope: {', '.join(operator.data_scope) or 'none'}")
    differing = [
        field
        for field, value in fields.items()
        if not (
            set(value) == set(getattr(operator, field))
            if field == "data_scope"
            else getattr(operator, field) == value
        )
    ]
    if differing:
        return Outcome(thing, DIFFERS, f"{', '.join(differing)}: the admin's entry is kept")
    return Outcome(thing, ALREADY_THERE)


def legal_documents_ensure(*, effective_on: datetime.date) -> list[Outcome]:
    """Publish the shipped texts as version 1 of each document that has no version yet.

    A new shop starts from the newest shipped text of each document, not the demo's history.
    """
    published = documents_services.first_versions_publish(
        texts=legal_texts_newest_first(), effective_on=effective_on, user=None
    )
    outcomes = []
    for kind in DocumentKind.values:
        thing = f"Legal document {kind}"
        if kind in published:
            outcomes.append(Outcome(thing, CREATED, f"version 1 published, in force from {effective_on}"))
            continue
        latest = DocumentVersion.objects.published().filter(document__kind=kind).order_by("-number").first()
        detail = f"version {latest.number} published" if latest else "a draft only: publish it in the admin"
        outcomes.append(Outcome(thing, ALREADY_THERE, detail))
    return outcomes


def setup_warnings(*, config: ShopConfig, outcomes: list[Outcome]) -> list[str]:
    """What works but surprises: e-mail links to another host, no document in force yet, a role unfilled."""
    warnings = []
    base_url_host = urlsplit(settings.SHOP_BASE_URL).netloc.lower()
    if base_url_host != config.site_domain:
        warnings.append(
            f"SHOP_BASE_URL ({settings.SHOP_BASE_URL}) is not on the site domain {config.site_domain}: "
            f"links in e-mail go to {base_url_host or 'nowhere'}. "
            f"Set SHOP_BASE_URL=https://{config.site_domain} or change [site] domain."
        )
    today = timezone.localdate()
    newly_published = any(o.thing.startswith("Legal document") and o.changed for o in outcomes)
    if newly_published and config.legal_effective_on > today:
        warnings.append(
            f"the first legal versions come into force on {config.legal_effective_on}; until then none "
            "is in force, so customers register and buy without accepting any terms."
        )
    for role in NEEDED_ROLES:
        if not Processor.objects.filter(role=role, is_active=True).exists():
            warnings.append(
                f"no active {role} processor: the gateway refuses that work (and keeps it for retry) "
                "until one is registered."
            )
    return warnings + consent_information_warnings()


def consent_information_warnings() -> list[str]:
    """What the final confirmation page cannot show yet, so that the checkout refuses orders."""
    warnings = [
        f"{snapshot['name']} is outside Japan without its measures or its country's information: "
        "the checkout refuses orders until an administrator adds them (admin: the processor, and "
        "Countries' data-protection information)."
        for snapshot in processors_selectors.processors_abroad()
        if not snapshot["complete"]
    ]
    mapped = set(RegistryOperator.objects.filter(operator__is_active=True).values_list("registry", flat=True))
    warnings += [
        f"no registry operator for {registry.label} ({registry.value}): its batches cannot be ordered "
        "until an administrator registers the operator (admin: Third-party recipients, then Registry "
        "operators)."
        for registry in Registry
        if registry.value not in mapped
    ]
    return warnings
