"""/api/v1/: the business buyers' API (language-free, like every machine endpoint)."""

from django.urls import path, re_path

from . import errors, views
from .schema import PublishedSchemaView

app_name = "api"

urlpatterns = [
    path("schema/", PublishedSchemaView.as_view(), name="schema"),
    path("projects/", views.ProjectList.as_view(), name="projects"),
    path("projects/<slug:slug>/", views.ProjectDetail.as_view(), name="project"),
    path("batches/", views.BatchList.as_view(), name="batches"),
    path("batches/<int:batch_id>/", views.BatchDetail.as_view(), name="batch"),
    path("quote/", views.Quote.as_view(), name="quote"),
    path("footprint/estimate/", views.FootprintEstimate.as_view(), name="footprint-estimate"),
    path("orders/", views.OrderList.as_view(), name="orders"),
    path("orders/<str:number>/", views.OrderDetail.as_view(), name="order"),
    path("certificates/", views.CertificateList.as_view(), name="certificates"),
    path("invoices/", views.InvoiceList.as_view(), name="invoices"),
    re_path(r"^.*$", errors.not_found),
]
