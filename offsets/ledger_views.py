"""The public ledger: a page, CSV downloads and JSON (Japanese unprefixed, English under /en/)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.spreadsheets import csv_response

from . import ledger as ledger_selectors
from .charts import project_chart_svg
from .ledger import FIGURES, Ledger, ledger_read

BATCH_COLUMNS = [
    "project",
    "project_en",
    "registry",
    "registry_project_id",
    "batch_id",
    "vintage",
    "serial_prefix",
    "serial_first",
    "serial_last",
    *FIGURES,
]
CERTIFICATE_COLUMNS = [
    "certificate_number",
    "status",
    "issued_on",
    "certificate_tonnes",
    "beneficiary_name",
    "offset_purpose",
    "serial_prefix",
    "serial_first",
    "serial_last",
    "tonnes",
    "registry_reference",
    "retired_on",
    "batch_id",
]


@require_safe
def ledger_page(request: HttpRequest) -> HttpResponse:
    """``/ledger/``: every batch's tonnes, project totals and charts, and the newest certificates."""
    ledger = ledger_read(certificates_limit=ledger_selectors.PAGE_CERTIFICATES)
    for project in ledger.projects:
        project.chart = project_chart_svg(project=project, element_id=f"chart-{project.project.slug}")
    return render(request, "offsets/ledger.html", {"ledger": ledger})


@require_safe
def ledger_batches_csv(request: HttpRequest) -> HttpResponse:
    """``/ledger/batches.csv``: one row per batch."""
    ledger = ledger_read(certificates_limit=0)
    rows = (
        [
            project.project.name,
            project.project.name_en,
            project.project.registry,
            project.project.registry_project_id,
            entry.batch.pk,
            entry.batch.vintage,
            entry.batch.serial_prefix,
            entry.batch.serial_first,
            entry.batch.serial_last,
            *entry.tonnes.as_dict().values(),
        ]
        for project in ledger.projects
        for entry in project.batches
    )
    return csv_response(filename="offsetmart-ledger-batches.csv", header=BATCH_COLUMNS, rows=rows)


@require_safe
def ledger_certificates_csv(request: HttpRequest) -> HttpResponse:
    """``/ledger/certificates.csv``: one row per serial range of each public certificate."""
    ledger = ledger_read(certificates_limit=None)
    rows = (
        [
            certificate.number,
            certificate.status,
            certificate.issued_on,
            certificate.tonnes,
            certificate.beneficiary_name or "",
            certificate.offset_purpose or "",
            serial_range.serial_prefix,
            serial_range.serial_first,
            serial_range.serial_last,
            serial_range.tonnes,
            serial_range.registry_reference,
            serial_range.retired_on,
            serial_range.batch_id,
        ]
        for certificate in ledger.certificates
        for serial_range in certificate.ranges
    )
    return csv_response(filename="offsetmart-ledger-certificates.csv", header=CERTIFICATE_COLUMNS, rows=rows)


def ledger_document(ledger: Ledger) -> dict:
    """The ledger as the JSON download states it (the README documents the format)."""
    return {
        "generated_at": ledger.generated_at.isoformat(),
        "unit": "t-CO2",
        "totals": ledger.totals.as_dict(),
        "projects": [
            {
                "slug": project.project.slug,
                "name": project.project.name,
                "name_en": project.project.name_en,
                "registry": project.project.registry,
                "registry_project_id": project.project.registry_project_id,
                "totals": project.totals.as_dict(),
                "batches": [
                    {
                        "id": entry.batch.pk,
                        "vintage": entry.batch.vintage,
                        "serial_prefix": entry.batch.serial_prefix,
                        "serial_first": entry.batch.serial_first,
                        "serial_last": entry.batch.serial_last,
                        **entry.tonnes.as_dict(),
                    }
                    for entry in project.batches
                ],
                "months": [
                    {
                        "month": f"{month.month:%Y-%m}",
                        "issued": month.issued,
                        "sold": month.sold,
                        "retired": month.retired,
                    }
                    for month in project.months
                ],
            }
            for project in ledger.projects
        ],
        "certificates": [
            {
                "number": certificate.number,
                "status": certificate.status,
                "issued_on": certificate.issued_on.isoformat() if certificate.issued_on else None,
                "tonnes": certificate.tonnes,
                "beneficiary_name": certificate.beneficiary_name,
                "offset_purpose": certificate.offset_purpose,
                "ranges": [
                    {
                        "serial_prefix": serial_range.serial_prefix,
                        "serial_first": serial_range.serial_first,
                        "serial_last": serial_range.serial_last,
                        "tonnes": serial_range.tonnes,
                        "registry_reference": serial_range.registry_reference,
                        "retired_on": serial_range.retired_on.isoformat(),
                        "batch_id": serial_range.batch_id,
                    }
                    for serial_range in certificate.ranges
                ],
            }
            for certificate in ledger.certificates
        ],
    }


@require_safe
def ledger_json(request: HttpRequest) -> JsonResponse:
    """``/ledger/ledger.json``: the whole ledger, every public certificate included."""
    response = JsonResponse(
        ledger_document(ledger_read(certificates_limit=None)), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'inline; filename="offsetmart-ledger.json"'
    return response
