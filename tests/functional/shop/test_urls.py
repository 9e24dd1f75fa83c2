"""Hostile input against every public URL: no path parameter, query string, form or webhook body gives a 5xx.

The targets come from the URL resolver, walked in both languages: every pattern is fuzzed
(``FUZZED``, with who asks and which query and form names its view reads) or excluded with
its reason (``EXCLUDED``). A pattern in neither fails ``test_every_url_pattern_is_fuzzed_or_excluded``,
so a new page is fuzzed from the day it is added.

The two fuzz tests are marked ``postgresql``: CI runs them in its PostgreSQL pass only.
PostgreSQL is where hostile input fails hardest (it refuses NUL in text and values longer than
a column, which SQLite stores silently), and failures that do not depend on the database show
there too; a second run on SQLite would double the minutes to find only what SQLite alone gets
wrong. The check that every pattern is covered runs on both.
"""

import copy
import json
import logging
import operator
import re
import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_class

from legal.cookies.forms import CookieConsentForm
from legal.documents.forms import AcceptChangesForm
from legal.privacy.requests.forms import CorrectionRowForm, DocumentUploadForm, PublicRequestForm, RequestForm
from legal.privacy.requests.links import request_token
from offsets.calculator.forms import FootprintForm, OffsetForm
from shop.api.services import api_key_create
from shop.apps.payment.models import StripeWebhookEvent
from shop.invoices.services import invoice_link_token
from tests.factories.certificates import certificate_for
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.factories.privacy_requests import image_bytes, pdf_bytes, submitted
from tests.integration.payments.test_stripe_gateway import signed

pytestmark = pytest.mark.django_db

EXAMPLES_PER_TARGET = 50
FUZZ = settings(
    max_examples=EXAMPLES_PER_TARGET,
    deadline=None,
    derandomize=True,  # the same examples on every CI run
    database=None,  # nothing written to .hypothesis/
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # each example rolls back what it changed
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def fields_of(form_class, prefix: str = "") -> tuple[str, ...]:
    """The names a form reads from a POST."""
    return tuple(f"{prefix}-{name}" if prefix else name for name in form_class.base_fields)


# --- Who asks, and what each page reads --------------------------------------------------------

ANYONE, SHOPPER, MEMBER = "anyone", "shopper", "member"  # a shopper is a guest with tonnes in the basket
API_CLIENT = "api client"  # the member's system, sending their API key
EVERYONE = (ANYONE, SHOPPER, MEMBER)
BUYERS = (SHOPPER, MEMBER)
MEMBERS = (MEMBER,)


@dataclass(frozen=True)
class Target:
    visitors: tuple[str, ...] = (ANYONE,)
    query: tuple[str, ...] = ()  # names the view reads from the query string
    form: tuple[str, ...] = ()  # names it reads from a POST
    files: tuple[str, ...] = ()  # names of the uploads it takes


CORRECTIONS = (
    "correction-TOTAL_FORMS",
    "correction-INITIAL_FORMS",
    *fields_of(CorrectionRowForm, "correction-0"),
)
UPLOADS = ("requester_id", "power_of_attorney", "agent_id")
BASKET_LINES = (
    "form-TOTAL_FORMS",
    "form-INITIAL_FORMS",
    "form-0-id",
    "form-0-quantity",
    "form-0-save_for_later",
)
ADDRESS = fields_of(get_class("checkout.forms", "ShippingAddressForm"))
LOGIN = fields_of(get_class("customer.forms", "EmailAuthenticationForm"))
REGISTRATION = fields_of(get_class("customer.forms", "CustomerRegistrationForm"))
SET_PASSWORD = ("new_password1", "new_password2")

FUZZED: dict[str, Target] = {
    "healthz/": Target(),
    "": Target(visitors=EVERYONE),
    # Legal documents and cookies
    "legal/accept/": Target(
        visitors=(ANYONE, MEMBER), query=("next",), form=("next", *fields_of(AcceptChangesForm))
    ),
    "legal/notices/<int:pk>/seen/": Target(visitors=(ANYONE, MEMBER), form=("next",)),
    "legal/preview/<int:pk>/": Target(visitors=(ANYONE, MEMBER)),
    "legal/cookies/consent/": Target(
        visitors=EVERYONE, query=("next",), form=("next", *fields_of(CookieConsentForm))
    ),
    "legal/<slug:kind>/": Target(),
    "legal/<slug:kind>/history/": Target(),
    "legal/<slug:kind>/diff/": Target(query=("from", "to")),
    "legal/<slug:kind>/v<int:number>/": Target(),
    # Requests about personal data
    "privacy/request/": Target(form=(*fields_of(PublicRequestForm), *CORRECTIONS), files=UPLOADS),
    "privacy/request/received/": Target(),
    "privacy/request/status/<str:token>/": Target(form=fields_of(DocumentUploadForm), files=("file",)),
    "privacy/request/status/<str:token>/export.<str:file_format>": Target(),
    "privacy/files/identity/<int:pk>/": Target(visitors=(ANYONE, MEMBER)),
    "privacy/files/disclosure/<str:reference>.<str:file_format>": Target(visitors=(ANYONE, MEMBER)),
    # Certificates
    "verify/": Target(query=("number",)),
    "verify/<str:number>/": Target(query=("t",)),
    "certificates/<str:number>/pdf/": Target(visitors=(ANYONE, MEMBER), query=("t",)),
    "registry-consent/<str:token>/": Target(form=("consent", "shown")),
    # Invoices and receipts (shop/invoices): the buyer, or the e-mailed link's token in ?t= / the form
    "invoices/order/<str:number>/": Target(visitors=(ANYONE, MEMBER), query=("t",)),
    "invoices/order/<str:number>/receipt/": Target(visitors=(ANYONE, MEMBER), form=("addressee", "t")),
    "invoices/<str:number>/pdf/": Target(visitors=(ANYONE, MEMBER), query=("t",)),
    "guide/claims/": Target(),
    # The footprint calculator and its JSON estimate
    "calculator/": Target(visitors=EVERYONE, query=fields_of(FootprintForm)),
    "calculator/offset/": Target(visitors=EVERYONE, form=fields_of(OffsetForm)),
    "api/footprint/estimate/": Target(query=fields_of(FootprintForm)),
    # The business buyers' API (/api/v1/): the member's key in the Authorization header
    "api/v1/schema/": Target(query=("format", "lang")),
    "api/v1/projects/": Target(visitors=(ANYONE, API_CLIENT)),
    "api/v1/projects/<slug:slug>/": Target(visitors=(ANYONE, API_CLIENT)),
    "api/v1/batches/": Target(visitors=(ANYONE, API_CLIENT), query=("project",)),
    "api/v1/batches/<int:batch_id>/": Target(visitors=(ANYONE, API_CLIENT)),
    "api/v1/quote/": Target(visitors=(ANYONE, API_CLIENT), query=("batch", "tonnes")),
    "api/v1/footprint/estimate/": Target(visitors=(ANYONE, API_CLIENT), query=fields_of(FootprintForm)),
    "api/v1/orders/": Target(visitors=(ANYONE, API_CLIENT), query=("limit", "offset")),
    "api/v1/orders/<str:number>/": Target(visitors=(ANYONE, API_CLIENT)),
    "api/v1/certificates/": Target(visitors=(ANYONE, API_CLIENT), query=("limit", "offset")),
    "api/v1/invoices/": Target(visitors=(ANYONE, API_CLIENT), query=("limit", "offset")),
    "api/v1/^.*$": Target(visitors=(ANYONE, API_CLIENT)),
    # The public ledger (reads nothing from the request)
    "ledger/": Target(),
    "ledger/batches.csv": Target(),
    "ledger/certificates.csv": Target(),
    "ledger/ledger.json": Target(),
    # Catalogue, search, offers
    "catalogue/": Target(query=("page", "sort_by")),
    "catalogue/^(?P<product_slug>[\\w-]*)_(?P<pk>\\d+)/$": Target(visitors=EVERYONE),
    "catalogue/^category/(?P<category_slug>[\\w-]+(/[\\w-]+)*)_(?P<pk>\\d+)/$": Target(query=("page",)),
    "catalogue/^ranges/(?P<slug>[\\w-]+)/$": Target(query=("page",)),
    "search/": Target(query=("q", "sort_by", "page", "selected_facets")),
    "offers/": Target(query=("page",)),
    "offers/^(?P<slug>[\\w-]+)/$": Target(query=("page",)),
    # Basket and checkout
    "basket/": Target(visitors=EVERYONE, form=BASKET_LINES),
    "basket/add/<int:pk>/": Target(visitors=EVERYONE, form=("quantity", "next")),
    "basket/vouchers/add/": Target(visitors=EVERYONE, form=("code",)),
    "basket/vouchers/<int:pk>/remove/": Target(visitors=EVERYONE),
    "basket/saved/": Target(visitors=EVERYONE, form=BASKET_LINES),
    "checkout/": Target(visitors=BUYERS, form=fields_of(get_class("checkout.forms", "GatewayForm"))),
    "checkout/shipping-address/": Target(visitors=BUYERS, form=(*ADDRESS, "address_id", "action")),
    "checkout/user-address/edit/<int:pk>/": Target(visitors=MEMBERS, form=ADDRESS),
    "checkout/user-address/delete/<int:pk>/": Target(visitors=MEMBERS),
    "checkout/shipping-method/": Target(visitors=BUYERS, form=("method_code",)),
    "checkout/payment-method/": Target(visitors=BUYERS),
    "checkout/payment-details/": Target(
        visitors=BUYERS, form=fields_of(get_class("checkout.forms", "OffsetDetailsForm"))
    ),
    "checkout/preview/": Target(
        visitors=BUYERS, form=("action", *fields_of(get_class("checkout.forms", "ConfirmOrderForm")))
    ),
    "checkout/thank-you/": Target(visitors=BUYERS, query=("order_number", "order_id")),
    "checkout/payment-return/": Target(visitors=BUYERS, form=("payment_intent",)),
    # Accounts
    "accounts/login/": Target(
        visitors=EVERYONE,
        query=("next", "email"),
        form=(
            *(f"login-{name}" for name in LOGIN),
            "login_submit",
            *(f"registration-{name}" for name in REGISTRATION),
            "registration_submit",
        ),
    ),
    "accounts/logout/": Target(visitors=EVERYONE),
    "accounts/register/": Target(query=("next", "email"), form=REGISTRATION),
    "accounts/": Target(visitors=MEMBERS),
    "accounts/change-password/": Target(visitors=MEMBERS, form=("old_password", *SET_PASSWORD)),
    "accounts/profile/": Target(visitors=MEMBERS),
    "accounts/profile/edit/": Target(
        visitors=MEMBERS, form=fields_of(get_class("customer.forms", "ProfileForm"))
    ),
    "accounts/profile/delete/": Target(visitors=MEMBERS, form=("password",)),
    "accounts/orders/": Target(visitors=MEMBERS, query=("date_from", "date_to", "order_number", "page")),
    "accounts/^order-status-form/(?P<order_number>[\\w-]*)/(?P<hash>[A-z0-9-_=:]+)/$": Target(),
    "accounts/^order-status/(?P<order_number>[\\w-]*)/(?P<hash>[A-z0-9-_=:]+)/$": Target(),
    "accounts/orders/<str:order_number>/": Target(visitors=MEMBERS, form=("order_id", "action")),
    "accounts/orders/<str:order_number>/<int:line_id>/": Target(visitors=MEMBERS, form=("action",)),
    "accounts/addresses/": Target(visitors=MEMBERS),
    "accounts/addresses/add/": Target(visitors=MEMBERS, form=ADDRESS),
    "accounts/addresses/<int:pk>/": Target(visitors=MEMBERS, form=ADDRESS),
    "accounts/addresses/<int:pk>/delete/": Target(visitors=MEMBERS),
    "accounts/^addresses/(?P<pk>\\d+)/(?P<action>default_for_(billing|shipping))/$": Target(visitors=MEMBERS),
    "accounts/emails/": Target(visitors=MEMBERS),
    "accounts/emails/<int:email_id>/": Target(visitors=MEMBERS),
    "accounts/notifications/": Target(visitors=MEMBERS),
    "accounts/notifications/inbox/": Target(visitors=MEMBERS),
    "accounts/notifications/archive/": Target(visitors=MEMBERS),
    "accounts/notifications/update/": Target(visitors=MEMBERS, form=("selected_notification", "action")),
    "accounts/notifications/<int:pk>/": Target(visitors=MEMBERS),
    "accounts/alerts/": Target(visitors=MEMBERS),
    "accounts/alerts/create/<int:pk>/": Target(visitors=EVERYONE, form=("email",)),
    "accounts/alerts/confirm/<str:key>/": Target(),
    "accounts/alerts/cancel/key/<str:key>/": Target(),
    "accounts/alerts/cancel/<int:pk>/": Target(visitors=MEMBERS),
    "accounts/wishlists/": Target(visitors=MEMBERS),
    "accounts/wishlists/add/<int:product_pk>/": Target(visitors=MEMBERS),
    "accounts/wishlists/<str:key>/add/<int:product_pk>/": Target(visitors=MEMBERS),
    "accounts/wishlists/create/": Target(visitors=MEMBERS, form=("name", "visibility")),
    "accounts/wishlists/create/with-product/<int:product_pk>/": Target(visitors=MEMBERS, form=("name",)),
    "accounts/wishlists/<str:key>/": Target(visitors=MEMBERS, form=("form-TOTAL_FORMS", "form-0-quantity")),
    "accounts/wishlists/<str:key>/update/": Target(visitors=MEMBERS, form=("name", "visibility")),
    "accounts/wishlists/<str:key>/delete/": Target(visitors=MEMBERS),
    "accounts/wishlists/<str:key>/lines/<int:line_pk>/delete/": Target(visitors=MEMBERS),
    "accounts/wishlists/<str:key>/products/<int:product_pk>/delete/": Target(visitors=MEMBERS),
    "accounts/wishlists/<str:key>/lines/<int:line_pk>/move-to/<str:to_key>/": Target(visitors=MEMBERS),
    "accounts/privacy/": Target(visitors=MEMBERS),
    "accounts/privacy/orders/<str:order_number>/visibility/": Target(visitors=MEMBERS, form=("visibility",)),
    "accounts/privacy/my-data/": Target(visitors=MEMBERS, query=("format",)),
    "accounts/privacy/company-details/clear/": Target(visitors=MEMBERS),
    "accounts/api-keys/": Target(visitors=MEMBERS, form=("name",)),
    "accounts/api-keys/<int:key_id>/revoke/": Target(visitors=MEMBERS),
    "accounts/privacy/requests/": Target(visitors=MEMBERS),
    "accounts/privacy/requests/new/": Target(
        visitors=MEMBERS, form=(*fields_of(RequestForm), *CORRECTIONS), files=UPLOADS
    ),
    "accounts/privacy/requests/<str:reference>/": Target(
        visitors=MEMBERS, form=fields_of(DocumentUploadForm), files=("file",)
    ),
    "accounts/privacy/requests/<str:reference>/export.<str:file_format>": Target(visitors=MEMBERS),
    "accounts/privacy/requests/<str:reference>/withdraw/": Target(visitors=MEMBERS),
    "wishlists/<str:key>/": Target(),
    "password-reset/": Target(form=("email",)),
    "password-reset/done/": Target(),
    "password-reset/confirm/<str:uidb64>/<str:token>/": Target(form=SET_PASSWORD),
    "password-reset/complete/": Target(),
    # The staff areas' sign-in pages are open to anyone
    "admin/login/": Target(query=("next",), form=("username", "password", "next")),
    "admin/logout/": Target(),
    "dashboard/login/": Target(query=("next",), form=LOGIN),
    "dashboard/logout/": Target(),
}
# Fuzzed by a test of its own below: its body is JSON signed with the webhook secret.
WEBHOOK = "payments/stripe/webhook/"

EXCLUDED: dict[str, str] = {
    "admin/": "Django admin: staff only; all but its sign-in page (fuzzed) send others to sign in",
    "dashboard/": "Oscar's dashboard: staff only; all but its sign-in page (fuzzed) send others to sign in",
}


# --- The resolver ------------------------------------------------------------------------------


def _walk(resolver: URLResolver, chain: tuple = ()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, (*chain, entry.pattern))
        elif isinstance(entry, URLPattern):
            yield (*chain, entry.pattern)


def url_patterns() -> dict[str, tuple]:
    """Every URL pattern, by its route without the language prefix, with the patterns that lead to it.

    Walked once per language, so a route translated into one language only is found too.
    """
    found = {}
    for language in ("ja", "en"):
        with translation.override(language):
            for chain in _walk(get_resolver()):
                route = "".join(
                    str(pattern) for pattern in chain if not isinstance(pattern, LocalePrefixPattern)
                )
                found.setdefault(route, chain)
    return found


def excluded_by(route: str) -> str | None:
    return next((reason for prefix, reason in EXCLUDED.items() if route.startswith(prefix)), None)


def test_every_url_pattern_is_fuzzed_or_excluded():
    routes = url_patterns()

    neither = [
        route for route in routes if route not in FUZZED and route != WEBHOOK and not excluded_by(route)
    ]
    stale = [route for route in [*FUZZED, WEBHOOK] if route not in routes]

    assert not neither, (
        f"URL patterns neither fuzzed nor excluded (add them to FUZZED or EXCLUDED): {neither}"
    )
    assert not stale, f"FUZZED names routes that no longer exist: {stale}"
    assert all(EXCLUDED.values()), "every exclusion gives its reason"


# --- Hostile values ----------------------------------------------------------------------------

ODD = [
    "\x00", "a\x00b", "\x00" * 3, "\x1b[2J", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\u200b",
    "\ufffe", "\uffff", "\U0010ffff", "e\u0301", "ﬁ", "Ａ１", "１２３", "١٢٣", "𝟏𝟐𝟑", "👩‍👩‍👧", "ｶﾀｶﾅ",
    "\\", "../../../etc/passwd", "..%2F..%2F", "%00", "%", "%zz", "//evil.example/", "javascript:alert(1)",
    "<script>alert(1)</script>", "{{ request }}", "{% debug %}", "' OR '1'='1", '"', "NaN", "Infinity",
    "1e309", "None", "null", "true", "[]", "{}", "0", "-0", "-1", "00000000001", "2147483648",
    "9223372036854775808", "-9223372036854775809", "1" + "0" * 40, "1.5", "0x1F", "1_000", " 1 ", "", " ",
    "\t", "\r\n",
]  # fmt: skip
HOSTILE = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=30),
    st.text(st.characters(categories=("Cc", "Cf", "Zl", "Zp", "Co", "Mn")), min_size=1, max_size=8),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    # Longer than any column: a character repeated hundreds to thousands of times.
    st.builds(operator.mul, st.sampled_from(["a", "9", "\x00", "あ", "𝕏", "/", "-"]), st.integers(256, 6000)),
    st.tuples(st.sampled_from(ODD), st.text(max_size=8), st.sampled_from(ODD)).map("".join),
)
UPLOAD_CONTENT = st.one_of(
    st.sampled_from([pdf_bytes(), image_bytes("PNG"), image_bytes("JPEG"), b"", b"%PDF-1.4 truncated"]),
    st.binary(max_size=512),
    st.integers(4097, 9000).map(lambda size: b"%PDF-1.4\n" + b"0" * size),  # over the (lowered) upload limit
)


UPLOAD = st.builds(
    SimpleUploadedFile,
    HOSTILE.map(lambda name: "id-" + name.replace("/", "-")),  # a name the test client can send
    UPLOAD_CONTENT,
    HOSTILE,  # its content type
)
RAW_QUERIES = ["", "", "", "%", "%zz=1", "a=%ff%fe", "%e3%81=1", "=&=", "a[]=1&a[]=2"]  # no form sends these
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")  # as Django reads a route


class Values:
    """Strategies for the value of a name: one that makes sense in this shop, or a hostile one."""

    def __init__(self, known: dict[str, list[str]]):
        self._strategies = {
            name: st.one_of(st.sampled_from(values), HOSTILE) for name, values in known.items()
        }

    def __call__(self, name: str) -> st.SearchStrategy[str]:
        return self._strategies.get(name, HOSTILE)


def path_part(pattern, values: Values) -> st.SearchStrategy[str]:
    """Text the pattern matches (with real values where there are some), or hostile text in its place."""
    if isinstance(pattern, LocalePrefixPattern):
        return st.sampled_from(["", "en/"])
    if not isinstance(pattern, RoutePattern):  # a regular expression of Oscar's
        return st.one_of(st.from_regex(pattern.regex, fullmatch=True), HOSTILE)
    route = str(pattern)
    parts, position = [], 0
    for parameter in _PARAMETER.finditer(route):
        parts.append(st.just(route[position : parameter.start()]))
        name = parameter["name"]
        is_int = type(pattern.converters[name]).__name__ == "IntConverter"
        shaped = st.integers(min_value=0, max_value=10**30).map(str) if is_int else HOSTILE
        parts.append(st.one_of(values(name), shaped, HOSTILE).map(lambda text: quote(text, safe="")))
        position = parameter.end()
    parts.append(st.just(route[position:]))
    return st.tuples(*parts).map("".join)


def _query_string(pairs: list, named: dict, raw: str) -> str:
    return "&".join(part for part in (urlencode([*pairs, *named.items()]), raw) if part)


def hostile_requests(chain: tuple, target: Target, values: Values) -> st.SearchStrategy[dict]:
    """Requests to one URL pattern: visitor, method, address (path and query string), and a POST's form."""
    path = st.tuples(*(path_part(pattern, values) for pattern in chain)).map(
        lambda parts: "/" + quote("".join(parts), safe="/%")
    )
    any_name = st.one_of(st.sampled_from([*target.query, "page", "next", "q", "format", "t"]), HOSTILE)
    query = st.builds(
        _query_string,
        st.lists(st.tuples(any_name, st.one_of(HOSTILE, st.just("1"))), max_size=3),
        st.fixed_dictionaries({}, optional={name: values(name) for name in target.query}),
        st.sampled_from(RAW_QUERIES),
    )
    address = st.builds(lambda path, query: f"{path}?{query}" if query else path, path, query)
    visitor = st.sampled_from(target.visitors)
    reads = st.fixed_dictionaries(
        {"visitor": visitor, "method": st.sampled_from(["GET", "HEAD"]), "address": address}
    )
    if not (target.form or target.files):
        return reads
    # One value, several (a list where one is expected), or a file where text is expected.
    fields = {
        name: st.one_of(values(name), st.lists(values(name), max_size=3), UPLOAD) for name in target.form
    }
    fields |= {name: st.one_of(UPLOAD, HOSTILE) for name in target.files}
    form = st.builds(
        operator.or_,
        st.fixed_dictionaries({}, optional=fields),
        st.dictionaries(HOSTILE, HOSTILE, max_size=2),
    )
    posts = st.fixed_dictionaries(
        {
            "visitor": visitor,
            "method": st.just("POST"),
            "address": address,
            "form": form,
            "urlencoded": st.just(False) if target.files else st.booleans(),
        }
    )
    return st.one_of(reads, posts)


# --- The shop the visitors find ------------------------------------------------------------------


@pytest.fixture
def shop(processors, localstripe, settings, tmp_path, django_user_model):
    """A catalogue, legal documents, a certificate, a privacy request, and the three visitors."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVACY_UPLOAD_MAX_BYTES = 4096  # small enough to send one too large in every run
    versions = accepted_set()
    batch = CreditBatchFactory()
    product = batch.product
    member_user = django_user_model.objects.create_user(
        username="fuzz", email="fuzz@example.jp", password="fuzz-password-1"
    )
    certificate = certificate_for(user=member_user)
    privacy_request = submitted(user=member_user)

    api_key = api_key_create(user=member_user, name="fuzz")
    visitors = {
        ANYONE: Client(),
        SHOPPER: Client(),
        MEMBER: Client(),
        API_CLIENT: Client(HTTP_AUTHORIZATION=f"Bearer {api_key.secret}"),
    }
    visitors[MEMBER].force_login(member_user)
    for visitor in (visitors[SHOPPER], visitors[MEMBER]):
        visitor.post(f"/basket/add/{product.pk}/", {"quantity": 2})
    visitors[SHOPPER].post("/checkout/", {"username": "guest@example.jp", "options": "anonymous"})
    line_ids = [str(line.pk) for line in product.basket_lines.all()]

    known = {
        "pk": [str(product.pk), "1"],
        "batch_id": [str(batch.pk)],
        "batch": [str(batch.pk)],
        "tonnes": ["1", "5"],
        "slug": [batch.project.slug],
        "project": [batch.project.slug],
        "key_id": [str(api_key.key.pk)],
        "product_pk": [str(product.pk)],
        "kind": ["terms", "privacy", "disclaimer", "tokushoho", "disclosure", "purposes"],
        "number": [certificate.number, "1", certificate.order.number, "INV-0000001"],
        "t": [certificate.token, invoice_link_token(order_number=certificate.order.number)],
        "addressee": ["山田 太郎"],
        "token": [request_token(reference=privacy_request.reference)],
        "reference": [privacy_request.reference],
        "file_format": ["json", "pdf"],
        "format": ["json", "pdf"],
        "order_number": [certificate.order.number],
        "line_id": [str(line.pk) for line in certificate.order.lines.all()],
        "from": ["1"],
        "to": ["1"],
        "next": ["/", "/en/catalogue/", "//evil.example/", "https://evil.example/"],
        "quantity": ["1", "3"],
        "form-TOTAL_FORMS": ["1"],
        "form-INITIAL_FORMS": ["1"],
        "form-0-id": line_ids,
        "choice": ["all", "necessary", "selected"],
        "categories": ["preferences"],
        "options": ["anonymous", "new", "existing"],
        "username": ["fuzz@example.jp"],
        "login-username": ["fuzz@example.jp"],
        "action": ["place_order"],
        "accept": ["on"],
        "versions": [",".join(str(version.pk) for version in versions)],
        "payment_method": ["card_fuzz", "pm_fuzz"],
        "beneficiary_name": ["株式会社テスト"],
        "role": ["requester_id"],
    }
    return {"visitors": visitors, "values": Values(known)}


def send(shop: dict, request: dict):
    """Send ``request`` and roll back whatever it changed, so each example starts from the same shop."""
    client = shop["visitors"][request["visitor"]]
    cookies = copy.deepcopy(client.cookies)
    cache.clear()  # throttles: every example gets past them
    try:
        with transaction.atomic():
            if request["method"] != "POST":
                response = getattr(client, request["method"].lower())(request["address"])
            elif request["urlencoded"]:
                fields = {key: value for key, value in request["form"].items() if not hasattr(value, "read")}
                body = urlencode(fields, doseq=True)
                response = client.post(
                    request["address"], body, content_type="application/x-www-form-urlencoded"
                )
            else:
                response = client.post(request["address"], request["form"])
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response


def described(failure: BaseException) -> str:
    """The error with Hypothesis's notes (the failing example), and so for each error of a group."""
    inner = [described(each) for each in getattr(failure, "exceptions", ())]
    return "\n".join([repr(failure), *getattr(failure, "__notes__", []), *inner])


@pytest.mark.postgresql
def test_no_hostile_path_query_or_form_gets_a_server_error(shop, caplog):
    """Each target in turn gets its own examples; all the targets that fail are reported together."""
    caplog.set_level(logging.ERROR)  # thousands of refusals logged are slow; server errors still show
    routes = url_patterns()
    failures = {}
    for route, target in FUZZED.items():

        @FUZZ
        @given(request=hostile_requests(routes[route], target, shop["values"]))
        def fuzz(request):
            response = send(shop, request)
            assert response.status_code < 500, (
                f"{request['method']} {request['address']}: {response.status_code}"
            )

        try:
            fuzz()
        except Exception as failure:  # Hypothesis raises the smallest failing example's error
            failures[route] = described(failure)

    assert not failures, "\n\n".join(f"{route}:\n{failure}" for route, failure in failures.items())


# --- The Stripe webhook ------------------------------------------------------------------------

SECRET = "whsec_test_offsetmart"
JSON_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    HOSTILE,
)
JSON = st.recursive(
    JSON_SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
EVENT_TYPES = st.sampled_from(
    ["payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded", "charge.dispute.created",
     "charge.dispute.closed", "customer.created"]
)  # fmt: skip
STRIPE_OBJECT = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.just("pi_fuzz"), JSON),
        "object": st.one_of(st.sampled_from(["payment_intent", "charge", "dispute"]), JSON),
        "payment_intent": st.one_of(st.just("pi_fuzz"), JSON),
        "amount": JSON,
        "amount_refunded": JSON,
        "status": JSON,
    },
)
EVENT = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.just("evt_fuzz"), JSON),
        "object": st.just("event"),
        "type": st.one_of(EVENT_TYPES, JSON),
        "data": st.one_of(
            st.fixed_dictionaries({}, optional={"object": st.one_of(STRIPE_OBJECT, JSON)}), JSON
        ),
    },
)


@st.composite
def webhook_delivery(draw) -> dict:
    """A body (an event's shape, any JSON, or bytes), signed now, too early or too late, or not at all."""
    body = draw(st.one_of(st.one_of(EVENT, JSON).map(lambda value: json.dumps(value).encode()), st.binary()))
    skew = draw(st.sampled_from([0, 0, 0, -299, 299, -301, 301, -3600, 3600]))
    signature = draw(st.one_of(st.just(signed(body, SECRET, timestamp=int(time.time()) + skew)), HOSTILE))
    content_type = draw(
        st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"])
    )
    return {"body": body, "signature": signature, "content_type": content_type}


@pytest.mark.postgresql
@FUZZ
@given(delivery=webhook_delivery())
def test_the_stripe_webhook_answers_any_body_with_200_or_400(client, localstripe, delivery):
    events_before = StripeWebhookEvent.objects.count()

    with transaction.atomic():
        response = client.post(
            f"/{WEBHOOK}",
            delivery["body"],
            content_type=delivery["content_type"],
            HTTP_STRIPE_SIGNATURE=delivery["signature"],
        )
        events_after = StripeWebhookEvent.objects.count()
        transaction.set_rollback(True)

    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert events_after == events_before  # a refused delivery changes nothing
