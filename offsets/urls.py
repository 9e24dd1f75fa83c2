"""Public pages: certificates (verification, PDF), claims guide, registry-consent link, calculator,
the public ledger.

Japanese unprefixed, English under /en/.
"""

from django.urls import path

from . import ledger_views, views
from .calculator import views as calculator_views

app_name = "offsets"

urlpatterns = [
    path("verify/", views.certificate_lookup, name="certificate-lookup"),
    path("verify/<str:number>/", views.certificate_verify, name="certificate-verify"),
    path("certificates/<str:number>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("registry-consent/<str:token>/", views.registry_consent, name="registry-consent"),
    path("guide/claims/", views.claims_guide, name="claims-guide"),
    # The footprint calculator (issue 16).
    path("calculator/", calculator_views.calculator, name="calculator"),
    path("calculator/offset/", calculator_views.calculator_offset, name="calculator-offset"),
    # The public ledger (issue 16).
    path("ledger/", ledger_views.ledger_page, name="ledger"),
    path("ledger/batches.csv", ledger_views.ledger_batches_csv, name="ledger-batches-csv"),
    path("ledger/certificates.csv", ledger_views.ledger_certificates_csv, name="ledger-certificates-csv"),
    path("ledger/ledger.json", ledger_views.ledger_json, name="ledger-json"),
]
