"""Benchmark: server time of placing a 30-line bulk order (the final confirmation POST), localstripe included.

    .venv/bin/python benchmarks/bulk_order.py [--orders 20] [--lines 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/offsetmart .venv/bin/python benchmarks/bulk_order.py

Like ``place_order.py``, with a basket of one line per batch across ``--lines`` batches: times
the POST that reserves every line, charges once (PaymentIntent create+confirm on localstripe)
and places the order with its allocations, in-process. Prints the median, the 90th percentile
and the SQL queries of one placement.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=20)
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--port", type=int, default=8498)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from benchmarks.checkout_harness import report, shop_with_localstripe

    with shop_with_localstripe(args.port) as api_base:
        timings, queries = _run(args.orders, args.lines, api_base)
    print(f"database: {connection.vendor}")
    report(f"place-order server time, {args.lines}-line orders,", timings, "orders",
           f"; {queries} SQL queries per placement")  # fmt: skip


def _run(orders: int, lines: int, api_base: str) -> tuple[list[float], int]:
    import stripe
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.checkout_harness import batch_for_sale, place_order, to_confirmation
    from legal.documents.forms import version_ids_token
    from legal.documents.selectors import versions_to_accept

    call_command("load_legal_demo", verbosity=0)
    batches = [
        batch_for_sale(number, tonnes=1_000_000, price_per_tonne=3300 + number) for number in range(lines)
    ]
    versions = version_ids_token(versions_to_accept())
    sdk = stripe.StripeClient("sk_test_bench", base_addresses={"api": api_base})
    timings, queries = [], 0
    for number in range(orders):
        client = Client()
        for position, batch in enumerate(batches):
            client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 100 + position})
        confirmation = to_confirmation(client, sdk, email=f"bench{number}@example.jp")
        with CaptureQueriesContext(connection) as captured:
            timings.append(place_order(client, versions=versions, confirmation=confirmation, number=number))
        queries = len(captured.captured_queries)
    return timings, queries


if __name__ == "__main__":
    main()
