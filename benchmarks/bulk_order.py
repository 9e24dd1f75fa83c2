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
    parser.add_argument("--orders", type=int, default=20)
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--port", type=int, default=8498)
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
        timings, queries = _run(args.orders, args.lines, api_base, Client)
    finally:
        localstripe.terminate()
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    timings.sort()
    p90 = timings[max(int(len(timings) * 0.9) - 1, 0)]
    print(f"database: {connection.vendor}")
    print(f"place-order server time, {args.lines}-line orders, over {len(timings)} orders: "
          f"median {statistics.median(timings):.1f} ms, p90 {p90:.1f} ms, min {timings[0]:.1f} ms, "
          f"max {timings[-1]:.1f} ms; {queries} SQL queries per placement")  # fmt: skip


def _run(orders: int, lines: int, api_base: str, client_class) -> tuple[list[float], int]:
    import stripe
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from legal.documents.forms import version_ids_token
    from legal.documents.selectors import versions_to_accept
    from offsets import services
    from offsets.demo.disclosures import project_disclosures_for_benchmarks
    from offsets.models import OffsetProject

    call_command("load_legal_demo", verbosity=0)
    batches = []
    for number in range(lines):
        project = OffsetProject.objects.create(
            name=f"ベンチマーク{number}", name_en=f"Benchmark {number}", slug=f"benchmark-{number}",
            registry="j-credit", registry_project_id=f"BENCH-{number}", methodology="FO-001",
            offset_type="removal", category="forest", location="東京", description="ベンチマーク用",
            **project_disclosures_for_benchmarks(),
        )  # fmt: skip
        batches.append(
            services.batch_create(
                project=project,
                vintage=2024,
                serial_prefix=f"BENCH-{number}",
                serial_first=1,
                serial_last=1_000_000,
                price_per_tonne=3300 + number,
            )  # fmt: skip
        )
    versions = version_ids_token(versions_to_accept())
    sdk = stripe.StripeClient("sk_test_bench", base_addresses={"api": api_base})
    timings, queries = [], 0
    for number in range(orders):
        client = client_class()
        for position, batch in enumerate(batches):
            client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 100 + position})
        client.post(
            "/checkout/", {"username": f"bench{number}@example.jp", "options": "anonymous"}, follow=True
        )
        token = sdk.v1.tokens.create(
            params={"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"}}
        )
        client.post(
            "/checkout/payment-details/", {"beneficiary_name": "Bench", "payment_method": token.card.id}
        )
        preview = client.get("/checkout/preview/").content.decode()
        confirmation = re.search(r'name="confirmation" value="([^"]+)"', preview).group(1)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(
                "/checkout/preview/",
                {"action": "place_order", "accept": "on", "consent_recipients": "on", "versions": versions,
                 "confirmation": confirmation},
            )  # fmt: skip
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
        if response.status_code != 302 or not response.url.endswith("/checkout/thank-you/"):
            raise SystemExit(
                f"order {number} was not placed: {response.status_code} {response.get('Location')}"
            )
    return timings, queries


if __name__ == "__main__":
    main()
