"""``/privacy/``: the public request form, the signed status link, and the staff-only private files."""

from django.urls import path

from . import views

app_name = "privacy_requests"

urlpatterns = [
    path("request/", views.PublicRequestView.as_view(), name="public-form"),
    path("request/received/", views.public_received, name="public-received"),
    path("request/status/<str:token>/", views.TokenRequestStatusView.as_view(), name="status"),
    path(
        "request/status/<str:token>/export.<str:file_format>",
        views.TokenRequestExportView.as_view(),
        name="status-export",
    ),
    path("files/identity/<int:pk>/", views.identity_document_file, name="identity-file"),
    path("files/disclosure/<str:reference>.<str:file_format>", views.disclosure_file, name="disclosure-file"),
]

# Member pages live in the customer app (/accounts/privacy/requests/…); see shop/apps/customer/apps.py.
MEMBER_URLS = [
    ("privacy/requests/", views.MemberRequestListView, "privacy-request-list"),
    ("privacy/requests/new/", views.MemberRequestCreateView, "privacy-request-create"),
    ("privacy/requests/<str:reference>/", views.MemberRequestDetailView, "privacy-request-detail"),
    (
        "privacy/requests/<str:reference>/export.<str:file_format>",
        views.MemberRequestExportView,
        "privacy-request-export",
    ),
    (
        "privacy/requests/<str:reference>/withdraw/",
        views.MemberRequestWithdrawView,
        "privacy-request-withdraw",
    ),
]


def member_urlpatterns() -> list:
    return [path(route, view.as_view(), name=name) for route, view, name in MEMBER_URLS]
