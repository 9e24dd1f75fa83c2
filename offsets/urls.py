"""Public pages: certificate verification, the PDF, the registry-consent link (English under /en/)."""

from django.urls import path

from . import views

app_name = "offsets"

urlpatterns = [
    path("verify/", views.certificate_lookup, name="certificate-lookup"),
    path("verify/<str:number>/", views.certificate_verify, name="certificate-verify"),
    path("certificates/<str:number>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("registry-consent/<str:token>/", views.registry_consent, name="registry-consent"),
]
