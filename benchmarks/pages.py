"""Benchmark: storefront pages under load, next to a bare Django view, plus placing an order and the webhook.

    make bench
    .venv/bin/python benchmarks/pages.py [--rounds 3] [--duration 10] [--connections 16]

What it does, on this machine, with production's settings (``benchmarks/settings.py``):
1. (re)creates the PostgreSQL database ``offsetmart_bench`` (``--database-url``), migrates it and
   builds the catalogue: the demo projects and batches, the demo legal texts, and 1,000 more
   batches (``--batches``) over 20 projects, 1,009 in all;
2. serves the shop with ``gunicorn -w 2`` (the Procfile's gunicorn.conf.py: two threads a worker,
   persistent database connections) on loopback, Redis as the cache (``--redis``, DB 12 by
   default), with a bare view at /bench/bare/ that exists only in this run (``benchmarks/urls.py``);
3. loads the bare view, the home page, the catalogue, a product page and the ledger with ``wrk``
   (``-t2 -c16 -d10s``), one page after another, for ``--rounds`` rounds, and prints each page's
   median requests per second, median p99 latency and its ratio to the bare view;
4. runs ``benchmarks/place_order.py`` on the same database server and prints the place-order
   server time and the webhook handling time (medians).

Needs ``wrk`` (Debian: ``apt-get install wrk``), PostgreSQL and Redis.
"""

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "shop.offsetmart-bench.jp"  # the public name the load balancer would forward
PAGES = ["bare view", "home", "catalogue", "product", "ledger"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/offsetmart_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12", help="the cache (flushed first)")
    parser.add_argument("--port", type=int, default=8610)
    parser.add_argument("--batches", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page per round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--orders", type=int, default=30, help="orders for the place-order figures (0: skip)")
    args = parser.parse_args()

    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit(
            "wrk is not installed: this benchmark loads the pages with it. "
            "Install it (Debian/Ubuntu: sudo apt-get install wrk; macOS: brew install wrk) and run again."
        )
    work = Path(tempfile.mkdtemp(prefix="offsetmart-bench-"))
    env = _environment(args, work)
    _database_recreate(args.database_url)
    _redis_flush(args.redis)
    print(f"Building the catalogue in {urlsplit(args.database_url).path.lstrip('/')}…", flush=True)
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    _manage(env, "load_legal_demo", "-v", "0")
    _manage(env, "load_demo_data", "--site-domain", HOST, "-v", "0")
    urls = _catalogue_build(env, args.batches)

    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, on loopback)
        [GUNICORN, "shop.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(work / "gunicorn.log").open("w"),
    )
    try:
        _wait_for(base + urls["bare view"])
        for url in urls.values():  # warm up: templates compiled, connections open, caches filled
            _get(base + url)
        results = _load(wrk, base, urls, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    _print_pages(results, args)
    if args.orders:
        _place_order(args)
    shutil.rmtree(work, ignore_errors=True)


def _environment(args, work: Path) -> dict[str, str]:
    """Production's required settings, filled for a run on loopback that sends nothing anywhere."""
    keep = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_"))
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": args.database_url,
        "ALLOWED_HOSTS": HOST,
        "CACHE_URL": args.redis,
        "CELERY_BROKER_URL": args.redis,  # nothing is queued by reading pages
        "EMAIL_URL": "smtp://127.0.0.1:1",  # nothing is sent by reading pages
        "STRIPE_SECRET_KEY": "sk_test_bench",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
        "STRIPE_WEBHOOK_SECRET": "whsec_bench",
        "DJANGO_ADMINS": "Operations <ops@offsetmart-bench.jp>",
        "SHOP_BASE_URL": f"https://{HOST}",
        "DEFAULT_FROM_EMAIL": "Offset Mart <noreply@offsetmart-bench.jp>",
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "LOG_DIR": str(work / "logs"),  # the request log goes to files, as in production
        "COMPANY_NAME": "ベンチマーク株式会社",
        "COMPANY_NAME_EN": "Benchmark K.K.",
        "COMPANY_ADDRESS": "〒100-0001 東京都千代田区千代田1-1",
        "COMPANY_ADDRESS_EN": "1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001, Japan",
        "COMPANY_REPRESENTATIVE": "代表取締役 計測 花子",
        "COMPANY_REPRESENTATIVE_EN": "Hanako Keisoku, Representative Director",
        "COMPANY_PHONE": "03-1234-5678",
        "COMPANY_EMAIL": "support@offsetmart-bench.jp",
        "COMPANY_INVOICE_REGISTRATION_NUMBER": "T1234567890123",
        # gunicorn as the Procfile runs it, with two workers; recycling workers every 2,000
        # requests (production's leak guard) would restart them every second here.
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_MAX_REQUESTS": "0",
        "PYTHONPATH": str(ROOT),
    }


def _database_recreate(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"{name!r} is not a plain database name")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def _redis_flush(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def _manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


def _catalogue_build(env: dict[str, str], batches: int) -> dict[str, str]:
    """Add ``batches`` batches in a few inserts; return the measured pages' paths."""
    script = f"""
import django
django.setup()
from offsets.models import CreditBatch
from tests.factories.offsets import credit_batches_bulk
credit_batches_bulk({batches}, start=0, projects=20)
product = CreditBatch.objects.select_related("product").order_by("pk").first().product
print(CreditBatch.objects.count())
print(product.get_absolute_url())
"""
    output = subprocess.run(  # noqa: S603
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    print(f"{output[-2]} credit batches on sale.", flush=True)
    return {
        "bare view": "/bench/bare/",
        "home": "/",
        "catalogue": "/catalogue/",
        "product": output[-1],
        "ledger": "/ledger/",
    }


def _request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"Host": HOST, "X-Forwarded-Proto": "https"})  # noqa: S310


def _get(url: str) -> int:
    with urllib.request.urlopen(_request(url), timeout=30) as response:  # noqa: S310
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        return response.status


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(url)
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not answer within a minute") from None
            time.sleep(0.5)


def _load(wrk: str, base: str, urls: dict[str, str], args) -> dict[str, list[tuple[float, float]]]:
    """Each page loaded in turn, round after round: {page: [(requests per second, p99 ms), …]}."""
    results = {page: [] for page in PAGES}
    for round_number in range(1, args.rounds + 1):
        for page in PAGES:
            # The previous page's last requests may still be running after wrk stopped counting:
            # one request of this page waits for them, so they do not slow this page's figures.
            _get(base + urls[page])
            completed = subprocess.run(  # noqa: S603
                [wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "60s", "--latency",
                 "-H", f"Host: {HOST}", "-H", "X-Forwarded-Proto: https", base + urls[page]],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            rate, p99 = _wrk_figures(completed.stdout, page)
            results[page].append((rate, p99))
            print(f"round {round_number}: {page:<10} {rate:9.1f} req/s  p99 {p99:7.1f} ms", flush=True)
    return results


def _wrk_figures(output: str, page: str) -> tuple[float, float]:
    """Requests per second and the 99th percentile latency (ms) from wrk's report."""
    if errors := re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", output):
        raise SystemExit(f"{page}: some requests failed ({errors.group(0)}):\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
    return rate, float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _print_pages(results: dict[str, list[tuple[float, float]]], args) -> None:
    bare = statistics.median(rate for rate, _p99 in results["bare view"])
    print()
    print(
        f"Pages: gunicorn -w 2, PostgreSQL, wrk -t2 -c{args.connections} -d{args.duration}s, "
        f"median of {args.rounds} alternating rounds"
    )
    print(f"| page | req/s | p99 | / bare view |\n| --- | --- | --- | --- |")  # noqa: F541
    for page in PAGES:
        rate = statistics.median(rate for rate, _p99 in results[page])
        p99 = statistics.median(p99 for _rate, p99 in results[page])
        print(f"| {page} | {rate:,.1f} | {p99:,.1f} ms | {rate / bare:.3f} |")


def _place_order(args) -> None:
    """benchmarks/place_order.py on the same PostgreSQL server (its own throw-away test database)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "shop.settings.test",
        "LOG_LEVEL": "WARNING",
    }
    completed = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "benchmarks" / "place_order.py"), "--orders", str(args.orders)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    print()
    for line in completed.stdout.splitlines():
        if line.startswith(("place-order", "webhook")):
            print(line)


if __name__ == "__main__":
    sys.exit(main())
