"""The endpoints of /api/v1/: parse the request, call one selector or service, answer with a serializer.

Every endpoint needs an API key (``authentication``), is throttled per key (``throttling``),
leaves an access record (``ApiView.finalize_response``), and answers errors in one JSON shape
(``errors``). Catalogue figures come from the same reads as the public ledger, so the API
and the shop never disagree on tonnes available. What the OpenAPI schema says about each endpoint
beyond its serializers is in ``openapi.annotations``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers as drf_serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from offsets import ledger
from offsets.calculator.forms import FootprintForm
from offsets.calculator.selectors import FootprintRefused, footprint_estimate
from offsets.calculator.views import estimate_json
from offsets.models import Certificate
from offsets.services import certificate_url
from shop.invoices.services import invoice_link_url, invoice_pdf_url

from . import selectors
from .languages import api_language
from .models import ApiKey
from .quotes import QuoteRefused, batch_quote
from .serializers import (
    BatchSerializer,
    CertificateSerializer,
    InvoiceSerializer,
    OrderSerializer,
    ProjectSerializer,
    QuoteQuerySerializer,
    QuoteSerializer,
)
from .services import api_access_record


def _absolute(path: str) -> str:
    return f"{settings.SHOP_BASE_URL.rstrip('/')}{path}"


class ApiView(APIView):
    """The base of every endpoint: the answer's language, and the access record of each request."""

    def dispatch(self, request, *args, **kwargs):
        with api_language(request):
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(request, "_auth", None)
        if isinstance(key, ApiKey):
            match = request._request.resolver_match
            api_access_record(
                key=key,
                endpoint=match.route if match else request.path,
                method=request.method,
                status=response.status_code,
            )
        response["Cache-Control"] = "no-store"
        return response


class Page(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class ListView(ApiView):
    """A paginated list: ``?limit=`` (at most 200) and ``?offset=``; ``next``/``previous`` link the pages."""

    def paginated(self, request, queryset, represent):
        page = Page()
        rows = page.paginate_queryset(queryset, request, view=self)
        return page.get_paginated_response([represent(row) for row in rows])


# --- Catalogue ----------------------------------------------------------------------


def _batch_entries(*, project_slug: str = "", batch_id: int | None = None):
    entries = ledger.batches_on_sale(project_slug=project_slug, batch_id=batch_id)
    for entry in entries:
        entry.product_url = _absolute(entry.batch.product.get_absolute_url())
    return entries


def _projects(entries) -> list[dict]:
    projects: dict[int, dict] = {}
    for entry in entries:
        project = entry.batch.project
        projects.setdefault(project.pk, {"project": project, "batches": []})["batches"].append(entry)
    return list(projects.values())


class ProjectList(ApiView):
    def get(self, request):
        return Response(ProjectSerializer(_projects(_batch_entries()), many=True).data)


class ProjectDetail(ApiView):
    def get(self, request, slug: str):
        projects = _projects(_batch_entries(project_slug=slug))
        if not projects:
            raise Http404
        return Response(ProjectSerializer(projects[0]).data)


class BatchList(ApiView):
    def get(self, request):
        entries = _batch_entries(project_slug=request.query_params.get("project", ""))
        return Response(BatchSerializer(entries, many=True).data)


def _batch_entry(batch_id: int):
    """The batch on sale with this id, with its tonnes, or None."""
    return next(iter(_batch_entries(batch_id=batch_id)), None)


class BatchDetail(ApiView):
    def get(self, request, batch_id: int):
        entry = _batch_entry(batch_id)
        if entry is None:
            raise Http404
        return Response(BatchSerializer(entry).data)


class Quote(ApiView):
    def get(self, request):
        query = QuoteQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        batch_id, tonnes = query.validated_data["batch"], query.validated_data["tonnes"]
        try:
            quote = batch_quote(entry=_batch_entry(batch_id), tonnes=tonnes)
        except QuoteRefused as refused:
            raise drf_serializers.ValidationError({refused.field: [refused.message]}) from refused
        batch = quote.entry.batch
        answer = {
            "batch": batch.pk,
            "project": batch.project.slug,
            "vintage": batch.vintage,
            "tonnes": quote.tonnes,
            "price_per_tonne": batch.price_per_tonne,
            "total_incl_tax": quote.total_incl_tax,
            "tax_rate_percent": quote.tax_rate_percent,
            "consumption_tax": quote.consumption_tax,
            "currency": "JPY",
            "tonnes_available": quote.entry.tonnes.available,
            "product_url": quote.entry.product_url,
            "note": _("Tonnes are not held by a quote; the price is fixed when you pay."),
        }
        return Response(QuoteSerializer(answer).data)


class FootprintEstimate(ApiView):
    def get(self, request):
        form = FootprintForm(request.query_params)
        if not form.is_valid():
            raise drf_serializers.ValidationError(
                {field: [str(message) for message in errors] for field, errors in form.errors.items()}
            )
        try:
            estimate = footprint_estimate(
                period=form.period(),
                amounts=form.amounts(),
                electricity_menu=form.cleaned_data.get("electricity_menu") or "",
            )
        except FootprintRefused as refused:
            raise drf_serializers.ValidationError({"non_field_errors": [refused.message]}) from refused
        return Response(estimate_json(estimate))


# --- The member's own orders, certificates and invoices ------------------------------------


def _certificate(certificate: Certificate) -> dict:
    downloadable = certificate.status == Certificate.Status.VALID and bool(certificate.pdf)
    numbered = bool(certificate.number)
    return {
        "number": certificate.number,
        "status": certificate.status,
        "order": certificate.order,
        "tonnes": certificate.tonnes,
        "beneficiary_name": certificate.beneficiary_name,
        "offset_purpose": certificate.offset_purpose,
        "issued_at": certificate.issued_at,
        "revoked_at": certificate.revoked_at,
        "verification_url": certificate_url(certificate=certificate, view="certificate-verify")
        if numbered
        else None,
        "pdf_url": certificate_url(certificate=certificate, view="certificate-pdf") if downloadable else None,
    }


def _invoice(invoice) -> dict:
    return {
        "number": invoice.number,
        "order": invoice.order,
        "issued_at": invoice.issued_at,
        "transaction_date": invoice.transaction_date,
        "recipient_name": invoice.recipient_name,
        "simplified": invoice.simplified,
        "total_incl_tax": invoice.total_incl_tax,
        "replaces": invoice.replaces,
        "correction_reason": invoice.correction_reason,
        "pdf_url": invoice_pdf_url(invoice=invoice),
    }


def _order(order) -> dict:
    lines = []
    for line in order.lines.all():
        batch = getattr(line.product, "credit_batch", None) if line.product_id else None
        lines.append(
            {
                "title": line.title,
                "batch": batch.pk if batch else None,
                "quantity": line.quantity,
                "price_per_tonne": int(line.unit_price_incl_tax or 0),
                "total_incl_tax": int(line.line_price_incl_tax),
            }
        )
    for invoice in order.invoices.all():
        invoice.order = order  # already at hand: no query per invoice
    for certificate in order.certificates.all():
        certificate.order = order
    return {
        "number": order.number,
        "date_placed": order.date_placed,
        "status": order.status,
        "total_incl_tax": int(order.total_incl_tax),
        "tax_breakdown": order.tax_breakdown,
        "beneficiary_name": order.beneficiary_name,
        "company_name": order.company_name,
        "lines": lines,
        "certificates": [
            _certificate(c) for c in order.certificates.all() if c.status != c.Status.SUPERSEDED
        ],
        "invoices": [_invoice(invoice) for invoice in order.invoices.all()],
        "invoice_url": invoice_link_url(order_number=order.number),
    }


class OrderList(ListView):
    def get(self, request):
        return self.paginated(
            request,
            selectors.member_orders(user=request.user),
            lambda order: OrderSerializer(_order(order)).data,
        )


class OrderDetail(ApiView):
    def get(self, request, number: str):
        order = selectors.member_orders(user=request.user).filter(number=number).first()
        if order is None:
            raise Http404
        return Response(OrderSerializer(_order(order)).data)


class CertificateList(ListView):
    def get(self, request):
        certificates = selectors.member_certificates(user=request.user).exclude(
            status=Certificate.Status.SUPERSEDED
        )
        return self.paginated(
            request, certificates, lambda certificate: CertificateSerializer(_certificate(certificate)).data
        )


class InvoiceList(ListView):
    def get(self, request):
        return self.paginated(
            request,
            selectors.member_invoices(user=request.user),
            lambda invoice: InvoiceSerializer(_invoice(invoice)).data,
        )
