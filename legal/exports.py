"""Provision records as CSV, for auditors and for a person's disclosure request."""

import csv

from django.http import HttpResponse
from django.utils import timezone

CSV_COLUMNS = ["provided_at", "processor", "purpose", "legal_basis", "subject_email", "fields", "reference"]


def provision_records_csv_response(records) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"provision-records-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # BOM: Excel in Japan opens UTF-8 CSV correctly
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for record in records.order_by("provided_at"):
        writer.writerow(
            [
                timezone.localtime(record.provided_at).isoformat(),
                record.processor_name,
                record.purpose,
                record.legal_basis,
                record.subject_email,
                " ".join(record.fields),
                record.reference,
            ]
        )
    return response
