"""What the checkout benchmarks share: a throw-away test database with localstripe on loopback, credit
batches to sell, a customer taken to the final confirmation page, the order placed, the figures printed.

Import it after ``django.setup()`` (the scripts set up Django first, as their ``main`` shows).
"""

import re
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIRMATION_TOKEN = re.compile(r'name="confirmation" value="([^"]+)"')


@contextmanager
def shop_with_localstripe(port: int):
    """A throw-away test database and localstripe on ``port``; yields localstripe's address."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.EMAIL_BACKEND = "legal.processors.mail.GatewayOnlyEmailBackend"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    localstripe = subprocess.Popen(
        [sys.executable, "-m", "shop.payments.stripe.localstripe_server", "--port", str(port)], cwd=ROOT
    )
    try:
        api_base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{api_base}/js.stripe.com/v3/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        settings.STRIPE_API_BASE = api_base
        yield api_base
    finally:
        localstripe.terminate()
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def batch_for_sale(number: int, *, tonnes: int, price_per_tonne: int):
    """A credit batch of a project of its own, on sale (its project's disclosures filled in)."""
    from offsets import services
    from offsets.demo.disclosures import project_disclosures_for_benchmarks
    from offsets.models import OffsetProject

    project = OffsetProject.objects.create(
        name=f"ベンチマーク{number}", name_en=f"Benchmark {number}", slug=f"benchmark-{number}",
        registry="j-credit", registry_project_id=f"BENCH-{number}", methodology="FO-001",
        offset_type="removal", category="forest", location="東京", description="ベンチマーク用",
        **project_disclosures_for_benchmarks(),
    )  # fmt: skip
    return services.batch_create(
        project=project, vintage=2024, serial_prefix=f"BENCH-{number}", serial_first=1, serial_last=tonnes,
        price_per_tonne=price_per_tonne,
    )  # fmt: skip


def to_confirmation(client, sdk, *, email: str) -> str:
    """Take a guest whose basket is filled through checkout with a localstripe card to the final
    confirmation page, as a browser does; return the page's confirmation token."""
    client.post("/checkout/", {"username": email, "options": "anonymous"}, follow=True)
    token = sdk.v1.tokens.create(
        params={"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"}}
    )
    client.post("/checkout/payment-details/", {"beneficiary_name": "Bench", "payment_method": token.card.id})
    # The order can only be placed from the final confirmation page as shown (its token).
    return CONFIRMATION_TOKEN.search(client.get("/checkout/preview/").content.decode()).group(1)


def place_order(client, *, versions: str, confirmation: str, number: int) -> float:
    """POST the final confirmation (reserve, charge, place); return the server time in ms."""
    started = time.perf_counter()
    response = client.post(
        "/checkout/preview/",
        {"action": "place_order", "accept": "on", "consent_recipients": "on", "versions": versions,
         "confirmation": confirmation},
    )  # fmt: skip
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 302 or not response.url.endswith("/checkout/thank-you/"):
        raise SystemExit(f"order {number} was not placed: {response.status_code} {response.get('Location')}")
    return elapsed


def report(what: str, timings: list[float], unit: str, extra: str = "") -> None:
    timings = sorted(timings)
    p90 = timings[max(int(len(timings) * 0.9) - 1, 0)]
    print(f"{what} over {len(timings)} {unit}: median {statistics.median(timings):.1f} ms, "
          f"p90 {p90:.1f} ms, min {timings[0]:.1f} ms, max {timings[-1]:.1f} ms{extra}")  # fmt: skip
