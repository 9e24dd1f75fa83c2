from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig
from oscar.core.loading import get_class


class PrivacyRequestsDashboardConfig(OscarDashboardConfig):
    """Requests about personal data (APPI Art. 32-39), for the privacy officers."""

    label = "privacy_requests_dashboard"
    name = "shop.apps.dashboard.privacy_requests"
    verbose_name = _("Privacy requests dashboard")

    # Every page needs a staff account that may see privacy requests; customers never get in.
    default_permissions = ["is_staff", "legal.view_privacyrequest"]

    def configure_permissions(self):
        see = ["is_staff", "legal.view_privacyrequest"]
        handle = [*see, "legal.change_privacyrequest"]
        self.permissions_map = {
            "privacy-request-assign": handle,
            "privacy-request-note": handle,
            "privacy-request-document-verify": [
                *handle,
                "legal.view_privacy_files",
                "legal.change_identitydocument",
            ],
            "privacy-request-document-reject": [
                *handle,
                "legal.view_privacy_files",
                "legal.change_identitydocument",
            ],
            "privacy-request-export-prepare": [*handle, "legal.view_privacy_files"],
            "privacy-request-posted": handle,
            "privacy-request-correction": [*handle, "legal.decide_privacyrequest"],
            "privacy-request-decide": [*handle, "legal.decide_privacyrequest"],
        }

    # pylint: disable=attribute-defined-outside-init
    def ready(self):
        views = "dashboard.privacy_requests.views"
        self.list_view = get_class(views, "PrivacyRequestListView")
        self.detail_view = get_class(views, "PrivacyRequestDetailView")
        self.assign_view = get_class(views, "AssignView")
        self.note_view = get_class(views, "NoteView")
        self.verify_view = get_class(views, "DocumentVerifyView")
        self.reject_view = get_class(views, "DocumentRejectView")
        self.export_view = get_class(views, "ExportPrepareView")
        self.posted_view = get_class(views, "PostedView")
        self.correction_view = get_class(views, "CorrectionView")
        self.decide_view = get_class(views, "DecideView")
        self.configure_permissions()

    def get_urls(self):
        urls = [
            path("", self.list_view.as_view(), name="privacy-request-list"),
            path("<str:reference>/", self.detail_view.as_view(), name="privacy-request-detail"),
            path("<str:reference>/assign/", self.assign_view.as_view(), name="privacy-request-assign"),
            path("<str:reference>/note/", self.note_view.as_view(), name="privacy-request-note"),
            path(
                "<str:reference>/documents/<int:pk>/verify/",
                self.verify_view.as_view(),
                name="privacy-request-document-verify",
            ),
            path(
                "<str:reference>/documents/<int:pk>/reject/",
                self.reject_view.as_view(),
                name="privacy-request-document-reject",
            ),
            path(
                "<str:reference>/export/", self.export_view.as_view(), name="privacy-request-export-prepare"
            ),
            path("<str:reference>/posted/", self.posted_view.as_view(), name="privacy-request-posted"),
            path(
                "<str:reference>/correction/",
                self.correction_view.as_view(),
                name="privacy-request-correction",
            ),
            path("<str:reference>/decide/", self.decide_view.as_view(), name="privacy-request-decide"),
        ]
        return self.post_process_urls(urls)
