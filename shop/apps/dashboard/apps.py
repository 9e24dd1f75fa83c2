from django.apps import apps as django_apps
from django.urls import include, path
from oscar.apps.dashboard import apps


class DashboardConfig(apps.DashboardConfig):
    """Dashboard fork: Oscar looks up dashboard.* classes (e.g. dashboard.catalogue.views) here first.

    It also mounts the shop's own dashboard sections (certificates, privacy requests) and the
    staff two-factor sign-in pages.
    """

    name = "shop.apps.dashboard"

    # pylint: disable=attribute-defined-outside-init
    def ready(self):
        super().ready()
        self.certificates_app = django_apps.get_app_config("certificates_dashboard")
        self.privacy_requests_app = django_apps.get_app_config("privacy_requests_dashboard")
        self.two_factor_app = django_apps.get_app_config("two_factor_dashboard")
        self.invoices_app = django_apps.get_app_config("invoices_dashboard")

    def get_urls(self):
        urls = super().get_urls()
        return urls + self.post_process_urls(
            [
                path("certificates/", include(self.certificates_app.urls[0])),
                path("privacy-requests/", include(self.privacy_requests_app.urls[0])),
                path("two-factor/", include(self.two_factor_app.urls[0])),
                path("invoices/", include(self.invoices_app.urls[0])),
            ]
        )
