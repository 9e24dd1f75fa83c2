"""Public pages: verification and PDF of certificates, the claims guide, the registry-consent link."""

from django.urls import path

from . import views

app_name = "offsets"

urlpatterns = [
    path("verify/", views.certificate_lookup, name="certificate-lookup"),
    path("verify/<str:number>/", views.certificate_verify, name="certificate-verify"),
    path("certificates/<str:number>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("registry-consent/<str:token>/", views.registry_consent, name="registry-consent"),
    path("guide/claims/", views.claims_guide, name="claims-guide"),
]
