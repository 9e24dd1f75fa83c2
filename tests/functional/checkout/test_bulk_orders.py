"""Bulk orders (issue 17): 30+ lines, or tens of thousands of tonnes, end to end against localstripe.

Basket → final confirmation → payment → order → e-mail → invoice and receipt PDFs → dashboard →
retirement → certificate PDF, each read back; the card payment limit and what is for sale are the
only limits, each refused with a clear message before anything is charged.
"""

import datetime
import io
import re
from urllib.parse import unquote, urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from offsets.models import Allocation, Certificate, Reservation
from shop.apps.order.models import CheckoutSubmission, Order
from tests.factories.certificates import certificate_for, retire
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.functional.checkout.test_checkout import CONFIRMATION_TOKEN, place
from tests.integration.payments.test_stripe_gateway import card, intents_on
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db

LINES = 32
COMPANY = {
    "buying_for_company": "on",
    "company_name": "株式会社北海商事",
    "company_department": "総務部",
    "invoice_recipient_name": "株式会社北海商事 経理部",
}


def tonnes_of(n: int) -> int:
    return 100 + n


def price_of(n: int) -> int:
    return 3300 + 110 * n


@pytest.fixture
def bulk_shop(localstripe, processors):
    batches = [
        CreditBatchFactory(
            serial_prefix=f"JP-BULK-{n:02d}", serial_first=1, serial_last=1000, price_per_tonne=price_of(n)
        )
        for n in range(LINES)
    ]
    return {"batches": batches, "versions": accepted_set(), "localstripe": localstripe}


def squashed_pdf_text(content: bytes) -> tuple[str, int]:
    pages = PdfReader(io.BytesIO(content)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages)), len(pages)


def to_confirmation(client, shop, *, details=None, prefix="") -> str:
    client.post(f"{prefix}/checkout/", {"username": "buyer@example.jp", "options": "anonymous"}, follow=True)
    response = client.post(
        f"{prefix}/checkout/payment-details/",
        {"beneficiary_name": "北海の森", "payment_method": card(shop["localstripe"], "4242424242424242"),
         **(details or {})},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"{prefix}/checkout/preview/").content.decode()
    shop["confirmation"] = CONFIRMATION_TOKEN.search(page).group(1)
    return page


def test_a_company_buys_32_lines_and_every_document_shows_every_line(
    client, bulk_shop, django_user_model, django_capture_on_commit_callbacks
):
    batches = bulk_shop["batches"]
    for n, batch in enumerate(batches):
        client.post(f"/basket/add/{batch.product.pk}/", {"quantity": tonnes_of(n)})
    total = sum(tonnes_of(n) * price_of(n) for n in range(LINES))
    tax = total * 10 // 110
    tonnes = sum(tonnes_of(n) for n in range(LINES))
    basket_page = client.get("/basket/")
    assert basket_page.context["basket"].num_lines == LINES and basket_page.context["basket_warnings"] == []

    # The final confirmation page: one numbered row per line with its tonnes and amount, and the totals.
    page = to_confirmation(client, bulk_shop, details=COMPANY)
    rows = re.findall(r'<tr class="order-line">(.*?)</tr>', page, re.S)
    assert len(rows) == LINES
    for n, (row, batch) in enumerate(zip(rows, batches, strict=True)):
        assert f">{n + 1}<" in row and batch.product.title in row and batch.serial_prefix in row
        assert f"{tonnes_of(n)} t-CO2" in row and f"¥{tonnes_of(n) * price_of(n):,}" in row
    assert f"全{LINES}明細、合計{tonnes:,} t-CO2" in page and f"¥{total:,}" in page and f"¥{tax:,}" in page
    english = client.get("/en/checkout/preview/").content.decode()
    assert f"{LINES} lines, {tonnes:,} t-CO2 in all" in english and batches[-1].product.title_en in english
    to_confirmation(client, bulk_shop, details=COMPANY)  # the page placed is the one shown last

    # The confirmation's digest covers every line: one more tonne on the last line needs a new confirmation.
    client.post(f"/basket/add/{batches[-1].product.pk}/", {"quantity": 1})
    refused = place(client, bulk_shop)
    assert refused.url == "/checkout/preview/" and intents_on(bulk_shop["localstripe"]) == []
    client.post(f"/basket/add/{batches[-1].product.pk}/", {"quantity": 1})  # back as confirmed…
    line = client.get("/basket/").context["basket"].all_lines().last()
    client.post(
        "/basket/",
        {"form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-0-id": line.pk,
         "form-0-quantity": tonnes_of(LINES - 1)},
    )  # fmt: skip
    to_confirmation(client, bulk_shop, details=COMPANY)

    with django_capture_on_commit_callbacks(execute=True):
        assert place(client, bulk_shop).url == "/checkout/thank-you/"

    # The order: every line, its serials from its own batch, one payment of the total, tax once per rate.
    order = Order.objects.get()
    assert order.lines.count() == LINES and int(order.total_incl_tax) == total
    assert order.tax_breakdown == {"10": {"total_incl_tax": total, "tax": tax}}
    [intent] = intents_on(bulk_shop["localstripe"])
    assert intent.amount == total and intent.status == "succeeded"
    allocations = {a.batch_id: a for a in Allocation.objects.all()}
    assert [allocations[batch.pk].tonnes for batch in batches] == [tonnes_of(n) for n in range(LINES)]
    assert not Reservation.objects.filter(status=Reservation.Status.ACTIVE).exists()

    # The e-mail lists every line, numbered, in both languages.
    [confirmation] = [m for m in mail.outbox if order.number in m.subject]
    for n, batch in enumerate(batches):
        amount = f"{tonnes_of(n)} t-CO2, ¥{tonnes_of(n) * price_of(n):,}"
        assert f"{n + 1}. {batch.product.title}: {amount}" in confirmation.body
        assert f"{n + 1}. {batch.product.title_en}: {amount}" in confirmation.body

    # The qualified invoice: every line, the total and tax of the 10% rate, over several numbered pages.
    link = urlsplit(re.search(r"http://\S+/invoices/order/\S+", confirmation.body).group())
    invoice = Client().get(f"{link.path}?{link.query}")
    text, pages = squashed_pdf_text(invoice.content)
    assert pages > 1 and f"1/{pages}" in text and f"{pages}/{pages}" in text
    assert "株式会社北海商事経理部御中" in text
    for n, batch in enumerate(batches):
        assert re.sub(r"\s+", "", batch.product.title) in text
        assert f"{tonnes_of(n)}t-CO2¥{price_of(n):,}¥{tonnes_of(n) * price_of(n):,}10%" in text
    assert f"10%対象(10%items)¥{total:,}¥{tax:,}" in text
    token = dict(pair.split("=", 1) for pair in link.query.split("&"))["t"]
    receipt = Client().post(
        f"/invoices/order/{order.number}/receipt/", {"addressee": "株式会社北海商事", "t": unquote(token)}
    )
    assert receipt["Content-Type"] == "application/pdf"
    assert f"¥{total:,}-（税込）" in squashed_pdf_text(receipt.content)[0]

    # Staff see every line on the dashboard's order page.
    staff = django_user_model.objects.create_superuser(
        username="ops", email="ops@example.jp", password="pw-1234"
    )
    staff_client = verified_login(Client(), staff)
    dashboard = staff_client.get(f"/dashboard/orders/{order.number}/").content.decode()
    assert all(batch.serial_prefix in dashboard for batch in batches)

    # One certificate for the order states every serial range retired, over several numbered pages.
    retire(order)
    certificate = certificate_for(order=order)
    assert certificate.status == Certificate.Status.VALID and certificate.tonnes == tonnes
    pdf = client.get(f"/certificates/{certificate.number}/pdf/?t={certificate.token}")
    text, pages = squashed_pdf_text(b"".join(pdf.streaming_content))
    assert pages > 1 and f"{certificate.number}·{pages}/{pages}" in text
    for allocation in Allocation.objects.select_related("batch"):
        assert f"{allocation.batch.serial_prefix}{allocation.serial_first}–{allocation.serial_last}" in text
    assert f"{tonnes:,}t-CO2" in text


# --- The limits: the card payment limit, and what is for sale --------------------------------

# ¥4,000 a tonne: 24,999 t is ¥99,996,000, within Stripe's ¥99,999,999; 25,000 t is ¥100,000,000.
BIG_PRICE = 4000


@pytest.fixture
def big_batch(localstripe, processors):
    return CreditBatchFactory(
        serial_prefix="JP-BIG", serial_first=1, serial_last=40_000, price_per_tonne=BIG_PRICE
    )


def test_24_999_tonnes_just_below_the_card_limit_are_bought_in_one_order(
    client, big_batch, localstripe, settings
):
    assert settings.ORDER_TOTAL_MAX_YEN == 99_999_999  # Stripe's largest JPY payment, not lowered here
    shop = {"versions": accepted_set(), "localstripe": localstripe}

    added = client.post(f"/basket/add/{big_batch.product.pk}/", {"quantity": 24_999}, follow=True)
    assert not [m for m in added.context["messages"] if m.level_tag in ("error", "warning")]
    to_confirmation(client, shop, details=COMPANY)

    assert place(client, shop).url == "/checkout/thank-you/"
    order = Order.objects.get()
    assert int(order.total_incl_tax) == 99_996_000 and Allocation.objects.get().tonnes == 24_999
    assert intents_on(localstripe)[0].amount == 99_996_000


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        (
            "",
            "カードでのお支払いは1回のご注文につき¥99,999,999までです。このバスケットの合計は¥100,000,000",
        ),
        (
            "/en",
            "A card payment can be at most ¥99,999,999 per order, and this basket comes to ¥100,000,000",
        ),
    ],
)
def test_25_000_tonnes_just_above_the_card_limit_are_refused_with_the_reason_before_any_charge(
    client, big_batch, localstripe, prefix, message
):
    added = client.post(f"{prefix}/basket/add/{big_batch.product.pk}/", {"quantity": 25_000}, follow=True)

    # said as the tonnes go in, and on the basket page
    assert any(str(m).startswith(message) for m in added.context["messages"] if m.level_tag == "warning")
    basket_page = client.get(f"{prefix}/basket/")
    assert any(warning.startswith(message) for warning in basket_page.context["basket_warnings"])
    # and the checkout sends the basket back with it: nothing reserved, charged or ordered
    response = client.get(f"{prefix}/checkout/")
    assert response.url == f"{prefix}/basket/"
    assert any(str(m).startswith(message) for m in client.get(response.url).context["messages"])
    assert intents_on(localstripe) == []
    assert not (Order.objects.exists() or Reservation.objects.exists() or CheckoutSubmission.objects.exists())


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        (
            "",
            "このバッチで販売中なのは15,000 tです。ご指定は（バスケットに入っている分を含めて）25,000 t",
        ),
        ("/en", "Only 15,000 t of this batch are for sale, and 25,000 t were asked for"),
    ],
)
def test_more_tonnes_than_are_for_sale_are_refused_in_tonnes_counting_other_buyers_holds(
    client, big_batch, prefix, message
):
    # 40,000 t issued, 20,000 t sold, 5,000 t held for another buyer paying now: 15,000 t for sale
    Allocation.objects.create(
        batch=big_batch, order_line=_an_order_line(big_batch), serial_first=1, serial_last=20_000
    )
    Reservation.objects.create(
        batch=big_batch,
        basket_id=999,
        tonnes=5_000,
        expires_at=timezone.now() + datetime.timedelta(minutes=15),
    )
    from offsets.services import batch_sync_stock

    batch_sync_stock(batch=big_batch)

    added = client.post(f"{prefix}/basket/add/{big_batch.product.pk}/", {"quantity": 25_000}, follow=True)

    errors = [str(m) for m in added.context["messages"] if m.level_tag == "error"]
    assert any(message in error for error in errors), errors
    assert client.get(f"{prefix}/basket/").context["basket"].num_items == 0
    # the most that is for sale goes in
    client.post(f"{prefix}/basket/add/{big_batch.product.pk}/", {"quantity": 15_000})
    assert client.get(f"{prefix}/basket/").context["basket"].num_items == 15_000


def _an_order_line(batch):
    from tests.factories.orders import order_line_for

    return order_line_for(batch, 20_000)
