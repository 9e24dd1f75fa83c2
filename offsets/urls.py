"""Public pages: certificate verification and PDF, the claims guide (Japanese unprefixed, English /en/)."""

from django.urls import path

from . import views

app_name = "offsets"

urlpatterns = [
    path("verify/", views.certificate_lookup, name="certificate-lookup"),
    path("verify/<str:number>/", views.certificate_verify, name="certificate-verify"),
    path("certificates/<str:number>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("guide/claims/", views.claims_guide, name="claims-guide"),
]
