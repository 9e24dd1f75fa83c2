"""Provision records as CSV, for auditors and for a person's disclosure request."""

from django.utils import timezone

from common.spreadsheets import csv_response

CSV_COLUMNS = ["provided_at", "processor", "purpose", "legal_basis", "subject_email", "fields", "reference"]


def provision_records_csv_response(records):
    return csv_response(
        filename=f"provision-records-{timezone.localdate():%Y%m%d}.csv",
        header=CSV_COLUMNS,
        rows=(
            [
                timezone.localtime(record.provided_at).isoformat(),
                record.processor_name,
                record.purpose,
                record.legal_basis,
                record.subject_email,
                " ".join(record.fields),
                record.reference,
            ]
            for record in records.order_by("provided_at")
        ),
    )
