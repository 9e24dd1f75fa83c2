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
import sys
import time
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
    from django.db import connection

    from benchmarks.checkout_harness import report, shop_with_localstripe

    with shop_with_localstripe(args.port) as api_base:
        timings, webhook_timings = _run(args.orders, api_base)
    print(f"database: {connection.vendor}")
    report("place-order server time", timings, "orders")
    report("webhook handling time (payment_intent.succeeded)", webhook_timings, "events")


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


def _run(orders: int, api_base: str) -> tuple[list[float], list[float]]:
    import stripe
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from oscar.core.loading import get_model

    from benchmarks.checkout_harness import batch_for_sale, place_order, to_confirmation
    from legal.documents.forms import version_ids_token
    from legal.documents.selectors import versions_to_accept

    call_command("load_legal_demo", verbosity=0)
    batch = batch_for_sale(1, tonnes=100_000, price_per_tonne=3300)
    versions = version_ids_token(versions_to_accept())
    sdk = stripe.StripeClient("sk_test_bench", base_addresses={"api": api_base})
    Order = get_model("order", "Order")
    timings, webhook_timings = [], []
    for number in range(orders):
        client = Client()
        client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 2})
        confirmation = to_confirmation(client, sdk, email=f"bench{number}@example.jp")
        timings.append(place_order(client, versions=versions, confirmation=confirmation, number=number))
        webhook_timings.append(_webhook_time(Client(), settings, Order.objects.latest("pk")))
    return timings, webhook_timings


if __name__ == "__main__":
    main()
