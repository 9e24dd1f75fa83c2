"""The background paths of certificates on a real Celery worker with Redis (not eager).

Bulk issuance, PDF building and e-mail delivery each run in the worker
process; a certificate held back by the processor registry completes in the
worker once the registry is fixed.
"""

import datetime

import pytest
from django.utils import timezone

from legal.processors import services as legal_services
from legal.processors.models import OutboxMessage, Processor, ProcessorRole
from offsets import services
from offsets.models import Certificate, CertificateBulkRun
from tests.factories.certificates import paid_order, retire
from tests.factories.offsets import CreditBatchFactory
from tests.worker_fixtures import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgresql]

WORKER_TIMEOUT = 90


def test_bulk_issuance_pdfs_and_emails_run_in_the_worker(celery_worker, processors):
    batch = CreditBatchFactory(serial_prefix="JP-WORKER", serial_first=1, serial_last=100)
    orders = [paid_order(batch, 2) for _ in range(4)]
    for order in orders:
        retire(order)

    run = services.certificates_bulk_start(order_ids=[order.pk for order in orders], requested_by=None)

    # Nothing ran in this process: the task went to Redis and the worker picks it up.
    assert wait_until(
        lambda: CertificateBulkRun.objects.get(pk=run.pk).status == CertificateBulkRun.Status.DONE,
        timeout=WORKER_TIMEOUT,
    ), _worker_log()
    assert wait_until(
        lambda: Certificate.objects.filter(status=Certificate.Status.VALID).count() == 4,
        timeout=WORKER_TIMEOUT,
    ), _worker_log()
    assert wait_until(
        lambda: (
            OutboxMessage.objects.filter(reference__startswith="certificate:", status="sent").count() == 4
        ),
        timeout=WORKER_TIMEOUT,
    ), _worker_log()
    run.refresh_from_db()
    assert (run.issued, run.refused, run.percent) == (4, 0, 100)
    for certificate in Certificate.objects.all():
        with certificate.pdf.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
    assert set(CertificateBulkRun.objects.values_list("status", flat=True)) == {"done"}


def test_a_certificate_waiting_for_the_registry_completes_in_the_worker_once_fixed(celery_worker, processors):
    issuer = processors[ProcessorRole.CERTIFICATE_ISSUANCE]
    issuer.is_active = False
    legal_services.processor_save(processor=issuer, changed_by=None)
    batch = CreditBatchFactory(serial_prefix="JP-WAIT", serial_first=1, serial_last=10)
    order = paid_order(batch, 1)
    retire(order)

    certificate = services.certificate_issue(order=order, requested_by=None)

    assert wait_until(
        lambda: issuer.name in Certificate.objects.get(pk=certificate.pk).waiting_reason,
        timeout=WORKER_TIMEOUT,
    ), _worker_log()
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.PENDING

    issuer = Processor.objects.get(pk=issuer.pk)
    issuer.is_active = True
    issuer.nda_expires_on = timezone.localdate() + datetime.timedelta(days=365)
    legal_services.processor_save(processor=issuer, changed_by=None)

    assert wait_until(
        lambda: Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.VALID,
        timeout=WORKER_TIMEOUT,
    ), _worker_log()


def _worker_log() -> str:
    from tests.worker_fixtures import ROOT

    return (ROOT / "test-output" / "celery-worker.log").read_text()[-3000:]
