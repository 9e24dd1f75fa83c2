"""Certificates for tests, made the way operations staff make them: retire, then issue.

``certificate_for`` needs the ``processors`` fixture (the certificate-issuance
processor must accept the hand-over, or the certificate stays pending).
"""

import datetime

from django.test import TestCase
from django.utils import timezone
from oscar.core.loading import get_model

from offsets import services
from offsets.models import Certificate
from offsets.services import RetirementEntry
from tests.factories.offsets import CreditBatchFactory
from tests.factories.orders import order_line_for

Order = get_model("order", "Order")

BENEFICIARY_NAME = "株式会社テスト商事"
OFFSET_PURPOSE = "2025年度の社用車の排出をオフセット"


def paid_order(batch, tonnes: int, beneficiary: str = "株式会社サンプル商事", *, days_ago: int = 0):
    """A paid order of ``tonnes`` of ``batch`` with its serials allocated, as the checkout leaves it."""
    line = order_line_for(batch, tonnes)
    services.tonnes_allocate(basket_id=0, order_line=line, batch_id=batch.pk, tonnes=tonnes)
    Order.objects.filter(pk=line.order_id).update(
        status="paid",
        beneficiary_name=beneficiary,
        offset_purpose="社用車の排出",
        guest_email="buyer@example.jp",
        date_placed=timezone.now() - datetime.timedelta(days=days_ago),
    )
    return Order.objects.get(pk=line.order_id)


def retire(order, reference: str = "JCR-2026-000123", staff=None):
    entries = [
        RetirementEntry(
            allocation.pk, reference, timezone.localdate(), allocation.serial_first, allocation.serial_last
        )
        for line in order.lines.all()
        for allocation in line.credit_allocations.all()
    ]
    return services.order_retirement_record(order=order, entries=entries, recorded_by=staff)


def retired_order(
    *,
    batches: list | None = None,
    tonnes: int = 3,
    user=None,
    guest_email: str = "buyer@example.jp",
    beneficiary_name: str = BENEFICIARY_NAME,
    offset_purpose: str = OFFSET_PURPOSE,
    show_publicly: bool = False,
):
    """A paid order of ``tonnes`` whose serials the registry retired (reference ``JCR-2026-000<n>``).

    The line sells the first of ``batches`` (one new batch by default); with
    several, the tonnes come one from each of the others and the rest from
    the first, as when staff substitute credits.
    """
    batches = batches or [CreditBatchFactory()]
    line = order_line_for(batches[0], tonnes)
    order = line.order
    shares = [(batch, 1) for batch in batches[1:]]
    shares.insert(0, (batches[0], tonnes - len(shares)))
    allocations = [
        services.tonnes_allocate(basket_id=0, order_line=line, batch_id=batch.pk, tonnes=share)
        for batch, share in shares
    ]
    Order.objects.filter(pk=order.pk).update(
        status="paid",
        user=user,
        guest_email="" if user else guest_email,
        beneficiary_name=beneficiary_name,
        offset_purpose=offset_purpose,
        show_on_verification_page=show_publicly,
    )
    order.refresh_from_db()
    services.order_retirement_record(
        order=order,
        entries=[
            RetirementEntry(
                allocation.pk,
                f"JCR-2026-{n:04d}",
                timezone.localdate(),
                allocation.serial_first,
                allocation.serial_last,
            )
            for n, allocation in enumerate(allocations, start=1)
        ],
        recorded_by=None,
    )
    order.refresh_from_db()
    return order


def certificate_for(*, order=None, **order_fields) -> Certificate:
    """A valid certificate (PDF built, e-mail queued and delivered) for ``order`` or a new retired order.

    ``order_fields`` go to ``retired_order``: tonnes, user, beneficiary_name,
    offset_purpose, show_publicly, …
    """
    order = order or retired_order(**order_fields)
    # The issuance finishes after commit (a background task); run those callbacks now.
    with TestCase.captureOnCommitCallbacks(execute=True):
        certificate = services.certificate_issue(order=order, requested_by=None)
    certificate.refresh_from_db()
    if certificate.status != Certificate.Status.VALID:
        raise AssertionError(
            f"certificate {certificate.number} is {certificate.status} ({certificate.waiting_reason}); "
            "does the test use the `processors` fixture?"
        )
    return certificate


def certificate_reissued(*, certificate: Certificate, beneficiary_name: str = "株式会社テスト商事 東京支店"):
    """The valid certificate that supersedes ``certificate``."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        replacement = services.certificate_reissue(
            certificate=certificate,
            beneficiary_name=beneficiary_name,
            offset_purpose=certificate.offset_purpose,
            requested_by=None,
        )
    replacement.refresh_from_db()
    return replacement
