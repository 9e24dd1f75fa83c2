"""What the schema says beyond what drf-spectacular reads from the views and serializers: summaries,
query parameters, error answers, and the API key's security scheme.

Only the generator loads this module (``apps.OpenApiSchemaConfig``): the views stay free of
drf-spectacular, a development tool. Each view extension hands the generator a subclass of the
shop's view whose GET carries the annotation; the shop's own class is left as it is.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiViewExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view

from shop.api.serializers import (
    BatchSerializer,
    CertificateSerializer,
    ErrorSerializer,
    InvoiceSerializer,
    OrderSerializer,
    ProjectSerializer,
    QuoteQuerySerializer,
    QuoteSerializer,
)

ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="No API key, or not a valid one."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests with this key; see Retry-After."),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="Not found (or not yours).")}
INVALID = {400: OpenApiResponse(ErrorSerializer, description="Invalid input; `fields` says where.")}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "shop.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Your API key, created on your account page: `Authorization: Bearer om_…`.",
        }


class EndpointSchema(OpenApiViewExtension):
    """The annotation of one endpoint's GET: subclasses set ``target_class`` and ``schema``."""

    schema: dict

    def view_replacement(self):
        annotated = type(self.target_class.__name__, (self.target_class,), {"__module__": __name__})
        return extend_schema_view(get=extend_schema(**self.schema))(annotated)


class ProjectListSchema(EndpointSchema):
    target_class = "shop.api.views.ProjectList"
    schema = {
        "summary": "Projects on sale, each with its batches, prices and tonnes available",
        "responses": {200: ProjectSerializer(many=True), **ERRORS},
    }


class ProjectDetailSchema(EndpointSchema):
    target_class = "shop.api.views.ProjectDetail"
    schema = {"summary": "One project on sale", "responses": {200: ProjectSerializer, **ERRORS, **NOT_FOUND}}


class BatchListSchema(EndpointSchema):
    target_class = "shop.api.views.BatchList"
    schema = {
        "summary": "Batches on sale with price (yen per t-CO2, tax included) and tonnes available",
        "parameters": [
            OpenApiParameter("project", OpenApiTypes.STR, description="Only this project's (slug).")
        ],
        "responses": {200: BatchSerializer(many=True), **ERRORS},
    }


class BatchDetailSchema(EndpointSchema):
    target_class = "shop.api.views.BatchDetail"
    schema = {"summary": "One batch on sale", "responses": {200: BatchSerializer, **ERRORS, **NOT_FOUND}}


class QuoteSchema(EndpointSchema):
    target_class = "shop.api.views.Quote"
    schema = {
        "summary": "The price and consumption tax of N tonnes of a batch",
        "parameters": [QuoteQuerySerializer],
        "responses": {200: QuoteSerializer, **INVALID, **ERRORS},
    }


class FootprintEstimateSchema(EndpointSchema):
    target_class = "shop.api.views.FootprintEstimate"
    schema = {
        "summary": "Estimate a footprint (t-CO2) from energy use, with the emission factors used",
        "parameters": [
            OpenApiParameter("fiscal_year", OpenApiTypes.INT, required=True),
            OpenApiParameter("month", OpenApiTypes.INT, description="1–12; omit for the whole fiscal year."),
            OpenApiParameter("electricity_kwh", OpenApiTypes.DECIMAL),
            OpenApiParameter("electricity_menu", OpenApiTypes.STR, description="A retailer menu code."),
            OpenApiParameter("city_gas_m3", OpenApiTypes.DECIMAL),
            OpenApiParameter("lp_gas", OpenApiTypes.DECIMAL),
            OpenApiParameter("lp_gas_unit", OpenApiTypes.STR, enum=["kg", "m3"]),
            OpenApiParameter("gasoline_litres", OpenApiTypes.DECIMAL),
            OpenApiParameter("diesel_litres", OpenApiTypes.DECIMAL),
        ],
        "responses": {200: OpenApiTypes.OBJECT, **INVALID, **ERRORS},
    }


class OrderListSchema(EndpointSchema):
    target_class = "shop.api.views.OrderList"
    schema = {
        "summary": "Your orders, newest first",
        "responses": {200: OrderSerializer(many=True), **ERRORS},
    }


class OrderDetailSchema(EndpointSchema):
    target_class = "shop.api.views.OrderDetail"
    schema = {"summary": "One of your orders", "responses": {200: OrderSerializer, **ERRORS, **NOT_FOUND}}


class CertificateListSchema(EndpointSchema):
    target_class = "shop.api.views.CertificateList"
    schema = {
        "summary": "Your certificates (current and revoked), with verification and PDF links",
        "responses": {200: CertificateSerializer(many=True), **ERRORS},
    }


class InvoiceListSchema(EndpointSchema):
    target_class = "shop.api.views.InvoiceList"
    schema = {
        "summary": "Invoices issued for your orders, corrections included, with PDF links",
        "responses": {200: InvoiceSerializer(many=True), **ERRORS},
    }
