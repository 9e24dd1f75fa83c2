from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig
from oscar.core.loading import get_class


class CertificatesDashboardConfig(OscarDashboardConfig):
    """Registry retirements and certificates, for operations staff."""

    label = "certificates_dashboard"
    name = "shop.apps.dashboard.certificates"
    verbose_name = _("Certificates dashboard")

    # Every page needs a staff account that may see certificates; customers never get in.
    default_permissions = ["is_staff", "offsets.view_certificate"]

    def configure_permissions(self):
        see = ["is_staff", "offsets.view_certificate"]
        self.permissions_map = {
            "certificate-retire": [*see, "offsets.add_retirement"],
            "certificate-hand-over": [*see, "offsets.add_retirement"],
            "certificate-consent-request": [*see, "offsets.add_retirement"],
            "certificate-issue": [*see, "offsets.add_certificate"],
            "certificate-bulk-issue": [*see, "offsets.add_certificate", "offsets.view_certificatebulkrun"],
            "certificate-reissue": [*see, "offsets.add_certificate", "offsets.change_certificate"],
            "certificate-revoke": [*see, "offsets.change_certificate"],
            "certificate-run": [*see, "offsets.view_certificatebulkrun"],
            "certificate-run-progress": [*see, "offsets.view_certificatebulkrun"],
            "substitution-schedule": [*see, "offsets.add_substitution"],
            "substitution-carry-out": [*see, "offsets.change_substitution"],
            "substitution-cancel": [*see, "offsets.change_substitution"],
        }

    # pylint: disable=attribute-defined-outside-init
    def ready(self):
        views = "dashboard.certificates.views"
        self.queue_view = get_class(views, "CertificateQueueView")
        self.list_view = get_class(views, "CertificateListView")
        self.order_view = get_class(views, "OrderCertificatesView")
        self.retire_view = get_class(views, "RetirementRecordView")
        self.hand_over_view = get_class(views, "BeneficiaryHandOverView")
        self.consent_request_view = get_class(views, "RegistryConsentRequestView")
        self.issue_view = get_class(views, "CertificateIssueView")
        self.reissue_view = get_class(views, "CertificateReissueView")
        self.revoke_view = get_class(views, "CertificateRevokeView")
        self.bulk_issue_view = get_class(views, "CertificateBulkIssueView")
        self.run_view = get_class(views, "BulkRunView")
        self.run_progress_view = get_class(views, "BulkRunProgressView")
        substitution_views = "dashboard.certificates.substitution_views"
        self.substitution_schedule_view = get_class(substitution_views, "SubstitutionScheduleView")
        self.substitution_carry_out_view = get_class(substitution_views, "SubstitutionCarryOutView")
        self.substitution_cancel_view = get_class(substitution_views, "SubstitutionCancelView")
        self.configure_permissions()

    def get_urls(self):
        urls = [
            path("", self.queue_view.as_view(), name="certificate-queue"),
            path("issued/", self.list_view.as_view(), name="certificate-list"),
            path("bulk-issue/", self.bulk_issue_view.as_view(), name="certificate-bulk-issue"),
            path("order/<str:number>/", self.order_view.as_view(), name="certificate-order"),
            path("order/<str:number>/retire/", self.retire_view.as_view(), name="certificate-retire"),
            path(
                "order/<str:number>/hand-over/<int:allocation_id>/",
                self.hand_over_view.as_view(),
                name="certificate-hand-over",
            ),
            path(
                "order/<str:number>/registry-consent/",
                self.consent_request_view.as_view(),
                name="certificate-consent-request",
            ),
            path("order/<str:number>/issue/", self.issue_view.as_view(), name="certificate-issue"),
            path(
                "order/<str:number>/lines/<int:line_id>/substitute/",
                self.substitution_schedule_view.as_view(),
                name="substitution-schedule",
            ),
            path(
                "substitutions/<int:pk>/carry-out/",
                self.substitution_carry_out_view.as_view(),
                name="substitution-carry-out",
            ),
            path(
                "substitutions/<int:pk>/cancel/",
                self.substitution_cancel_view.as_view(),
                name="substitution-cancel",
            ),
            path("<int:pk>/reissue/", self.reissue_view.as_view(), name="certificate-reissue"),
            path("<int:pk>/revoke/", self.revoke_view.as_view(), name="certificate-revoke"),
            path("runs/<int:pk>/", self.run_view.as_view(), name="certificate-run"),
            path(
                "runs/<int:pk>/progress.json",
                self.run_progress_view.as_view(),
                name="certificate-run-progress",
            ),
        ]
        return self.post_process_urls(urls)
