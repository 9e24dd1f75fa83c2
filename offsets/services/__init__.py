"""Writes of the carbon domain: batches and tonnes (``batches``), substitutions instead of refunds
(``substitutions``), retirements and certificates (``certificates``), the beneficiary handed to the
registry operator (``registry``), the beneficiary on the verification page (``visibility``), the
publish guard for undisclosed projects (``disclosures``), the ledger's daily reconciliation
(``reconciliation``).
Callers import from here: ``from offsets import services``."""

from .batches import (
    CREDIT_BATCH_PRODUCT_CLASS,
    SELLER_PARTNER,
    LineSale,
    batch_create,
    batch_save,
    batch_sync_stock,
    batch_validate,
    batches_sync_stock,
    product_class_for_batches,
    reservations_release_expired,
    tonnes_allocate,
    tonnes_allocate_lines,
    tonnes_reserve,
)
from .certificates import (
    RetirementEntry,
    certificate_complete,
    certificate_content,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificate_url,
    certificates_bulk_issue,
    certificates_bulk_run_create,
    certificates_bulk_start,
    certificates_complete_waiting,
    order_retirement_record,
)
from .disclosures import batch_sale_check, product_publish_check
from .reconciliation import ledger_reconcile
from .registry import (
    beneficiary_hand_over_to_registry,
    registry_consent_missing,
    registry_consent_record,
    registry_consent_request,
)
from .substitutions import (
    SHORTFALL_FLAG,
    substitution_cancel,
    substitution_carry_out,
    substitution_schedule,
    substitutions_carry_out_due,
)
from .visibility import order_visibility_set, orders_visibility_hide

__all__ = [
    "beneficiary_hand_over_to_registry",
    "CREDIT_BATCH_PRODUCT_CLASS",
    "SELLER_PARTNER",
    "SHORTFALL_FLAG",
    "RetirementEntry",
    "batch_create",
    "batch_sale_check",
    "batch_save",
    "batch_sync_stock",
    "batches_sync_stock",
    "LineSale",
    "batch_validate",
    "certificate_complete",
    "certificate_content",
    "certificate_issue",
    "certificate_reissue",
    "certificate_revoke",
    "certificate_url",
    "certificates_bulk_issue",
    "certificates_bulk_run_create",
    "certificates_bulk_start",
    "certificates_complete_waiting",
    "ledger_reconcile",
    "order_retirement_record",
    "order_visibility_set",
    "orders_visibility_hide",
    "product_class_for_batches",
    "registry_consent_missing",
    "registry_consent_record",
    "registry_consent_request",
    "product_publish_check",
    "reservations_release_expired",
    "substitution_cancel",
    "substitution_carry_out",
    "substitution_schedule",
    "substitutions_carry_out_due",
    "tonnes_allocate",
    "tonnes_allocate_lines",
    "tonnes_reserve",
]
