"""Benchmark: issuing certificates, in the background on a real Celery worker and in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/offsetmart \\
    TEST_CELERY_BROKER_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python benchmarks/certificates.py [--certificates 200] [--concurrency 2]

Creates a throw-away test database with that many paid, retired orders and
prints: PDFs rendered per second in one process; the time to issue one
certificate in-process (eager: hand-over, PDF, storage, e-mail); and the time
a bulk issuance of every order takes on a Celery worker with Redis, from the
dashboard's request until every certificate is valid and its e-mail sent.
Without TEST_CELERY_BROKER_URL (or on SQLite) the background part is left out.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--certificates", type=int, default=200)
    parser.add_argument("--in-process", type=int, default=20, help="certificates issued eagerly, one by one")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.EMAIL_BACKEND = "legal.processors.mail.GatewayOnlyEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        _register_processors()
        print(f"database: {connection.vendor}")
        _pdf_rate()
        _in_process(args.in_process)
        broker_url = os.environ.get("TEST_CELERY_BROKER_URL")
        if broker_url and connection.vendor == "postgresql":
            _background(args.certificates, args.concurrency, broker_url)
        else:
            print("background: skipped (needs PostgreSQL and TEST_CELERY_BROKER_URL)")
    finally:
        connection.close()
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def _register_processors() -> None:
    from legal.demo import processors as demo
    from legal.processors import services
    from legal.processors.models import Processor

    for spec in demo.DEMO_PROCESSORS:
        processor = Processor(
            **spec,
            nda_signed_on=demo.DEMO_NDA_SIGNED_ON,
            nda_expires_on=demo.DEMO_NDA_EXPIRES_ON,
            nda_clauses=demo.ALL_CLAUSES,
            last_reviewed_on=demo.DEMO_REVIEWED_ON,
        )
        services.processor_save(processor=processor, changed_by=None)


def _retired_orders(count: int, prefix: str) -> list:
    from tests.factories.certificates import paid_order, retire
    from tests.factories.offsets import CreditBatchFactory

    batch = CreditBatchFactory(serial_prefix=prefix, serial_first=1, serial_last=count * 3)
    orders = []
    for _ in range(count):
        order = paid_order(batch, 3)
        retire(order)
        orders.append(order)
    return orders


def _pdf_rate(renders: int = 50) -> None:
    from offsets.services import certificate_content, certificate_issue

    [order] = _retired_orders(1, "BENCH-PDF")
    certificate = certificate_issue(order=order, requested_by=None)
    certificate.refresh_from_db()
    from offsets.certificate_pdf import certificate_pdf_render

    content = certificate_content(
        certificate=certificate,
        personal={
            "beneficiary_name": certificate.beneficiary_name,
            "offset_purpose": certificate.offset_purpose,
        },
    )
    certificate_pdf_render(content=content)  # font registered once per process: not part of the rate
    started = time.perf_counter()
    for _ in range(renders):
        pdf = certificate_pdf_render(content=content)
    elapsed = time.perf_counter() - started
    print(f"PDF rendering (one process, one core): {renders / elapsed:.1f} PDFs/s, "
          f"{elapsed / renders * 1000:.1f} ms each, {len(pdf) / 1024:.0f} KiB per PDF")  # fmt: skip


def _in_process(count: int) -> None:
    from offsets.models import Certificate
    from offsets.services import certificate_issue

    orders = _retired_orders(count, "BENCH-EAGER")
    timings = []
    for order in orders:
        started = time.perf_counter()
        certificate = certificate_issue(order=order, requested_by=None)  # eager: the whole issuance runs here
        timings.append((time.perf_counter() - started) * 1000)
        assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.VALID
    print(f"in-process issuance over {count} certificates: median {statistics.median(timings):.1f} ms, "
          f"max {max(timings):.1f} ms per certificate")  # fmt: skip


def _background(count: int, concurrency: int, broker_url: str) -> None:
    from django.db import connection

    from legal.processors.models import OutboxMessage
    from offsets.models import Certificate
    from offsets.services import certificates_bulk_start
    from tests.worker_fixtures import celery_worker_process, database_url, tasks_sent_to_broker, wait_until

    orders = _retired_orders(count, "BENCH-BULK")
    ids = [order.pk for order in orders]
    with (
        celery_worker_process(
            broker_url=broker_url, database=database_url(connection.settings_dict), concurrency=concurrency
        ),
        tasks_sent_to_broker(broker_url),
    ):
        # Let the worker boot first: its start-up is not part of issuing.
        time.sleep(5)
        started = time.perf_counter()
        certificates_bulk_start(order_ids=ids, requested_by=None)
        done = wait_until(
            lambda: (
                Certificate.objects.filter(order_id__in=ids, status=Certificate.Status.VALID).count() == count
                and OutboxMessage.objects.filter(reference__startswith="certificate:", status="sent").count()
                >= count
            ),
            timeout=count * 2 + 60,
            interval=0.05,
        )
        elapsed = time.perf_counter() - started
    if not done:
        print("background: did not finish in time")
        return
    print(f"background issuance of {count} certificates on a Celery worker ({concurrency} processes, Redis): "
          f"{elapsed:.1f} s in all, {elapsed / count * 1000:.0f} ms per certificate, "
          f"{count / elapsed:.1f} certificates/s")  # fmt: skip


if __name__ == "__main__":
    main()
