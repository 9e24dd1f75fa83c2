"""Benchmark: server time of placing an order (the final confirmation POST), localstripe included,
and of handling Stripe's ``payment_intent.succeeded`` webhook for it.

    .venv/bin/python benchmarks/place_order.py [--orders 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/offsetmart .venv/bin/python benchmarks/place_order.py

Creates a throw-away test database, starts localstripe on loopback, and times
the POST that reserves, charges (PaymentIntent create+confirm on localstripe)
and places the order, in-process (no network between client and Django).
Then, as Stripe does after the browser came back, it delivers each order's
``payment_intent.succeeded`` event, signed as Stripe signs it, and times the
webhook's answer (signature, the event kept once, the PaymentIntent read back
from localstripe, placement found already done).
Prints the medians and the 90th percentiles.
"""

import argparse
import hashlib
import hmac
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=50)
    parser.add_argument("--port", type=int, default=8499)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.EMAIL_BACKEND = "legal.processors.mail.GatewayOnlyEmailBackend"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    localstripe = subprocess.Popen(
        [sys.executable, "-m", "shop.payments.stripe.localstripe_server", "--port", str(args.port)], cwd=ROOT
    )
    try:
        api_base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{api_base}/js.stripe.com/v3/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        settings.STRIPE_API_BASE = api_base
        timings, webhook_timings = _run(args.orders, api_base, Client)
    finally:
        localstripe.terminate()
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    print(f"database: {connection.vendor}")
    _report("place-order server time", timings, "orders")
    _report("webhook handling time (payment_intent.succeeded)", webhook_timings, "events")


def _report(what: str, timings: list[float], unit: str) -> None:
    timings = sorted(timings)
    p90 = timings[int(len(timings) * 0.9) - 1]
    print(f"{what} over {len(timings)} {unit}: median {statistics.median(timings):.1f} ms, "
          f"p90 {p90:.1f} ms, min {timings[0]:.1f} ms, max {timings[-1]:.1f} ms")  # fmt: skip


def _signature(payload: bytes, secret: str) -> str:
    """The Stripe-Signature header, computed as Stripe computes it."""
    timestamp = int(time.time())
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _webhook_time(client, settings, order) -> float:
    """Deliver the order's payment_intent.succeeded event; return the server time in ms."""
    payload = json.dumps(
        {
            "id": f"evt_bench_{order.number}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {"object": {"id": order.payment_intent_id, "object": "payment_intent"}},
        }
    ).encode()
    signature = _signature(payload, settings.STRIPE_WEBHOOK_SECRET)
    started = time.perf_counter()
    response = client.post(
        "/payments/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or response.content.decode() != f"order {order.number}":
        raise SystemExit(
            f"the webhook for order {order.number} answered {response.status_code} {response.content!r}"
        )
    return elapsed


def _run(orders: int, api_base: str, client_class) -> tuple[list[float], list[float]]:
    import stripe
    from django.conf import settings
    from django.core.management import call_command
    from oscar.core.loading import get_model

    from legal.documents.forms import version_ids_token
    from legal.documents.selectors import versions_to_accept
    from offsets import services
    from offsets.demo.disclosures import project_disclosures_for_benchmarks
    from offsets.models import OffsetProject

    call_command("load_legal_demo", verbosity=0)
    project = OffsetProject.objects.create(
        name="ベンチマーク", name_en="Benchmark", slug="benchmark", registry="j-credit",
        registry_project_id="BENCH-1", methodology="FO-001", offset_type="removal",
        category="forest", location="東京", description="ベンチマーク用",
        **project_disclosures_for_benchmarks(),
    )  # fmt: skip
    batch = services.batch_create(
        project=project, vintage=2024, serial_prefix="BENCH", serial_first=1, serial_last=100000,
        price_per_tonne=3300,
    )  # fmt: skip
    versions = version_ids_token(versions_to_accept())
    sdk = stripe.StripeClient("sk_test_bench", base_addresses={"api": api_base})
    Order = get_model("order", "Order")
    timings, webhook_timings = [], []
    for number in range(orders):
        client = client_class()
        client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 2})
        client.post(
            "/checkout/", {"username": f"bench{number}@example.jp", "options": "anonymous"}, follow=True
        )
        token = sdk.v1.tokens.create(
            params={"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"}}
        )
        client.post(
            "/checkout/payment-details/", {"beneficiary_name": "Bench", "payment_method": token.card.id}
        )
        # The order can only be placed from the final confirmation page as shown (its token).
        preview = client.get("/checkout/preview/").content.decode()
        confirmation = re.search(r'name="confirmation" value="([^"]+)"', preview).group(1)
        started = time.perf_counter()
        response = client.post(
            "/checkout/preview/",
            {"action": "place_order", "accept": "on", "consent_recipients": "on", "versions": versions,
             "confirmation": confirmation},
        )  # fmt: skip
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302 or not response.url.endswith("/checkout/thank-you/"):
            raise SystemExit(
                f"order {number} was not placed: {response.status_code} {response.get('Location')}"
            )
        webhook_timings.append(_webhook_time(client_class(), settings, Order.objects.latest("pk")))
    return timings, webhook_timings


if __name__ == "__main__":
    main()
