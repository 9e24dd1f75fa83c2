from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig
from oscar.core.loading import get_class


class TwoFactorDashboardConfig(OscarDashboardConfig):
    """Staff two-factor sign-in: the verification page and enrolment of an authenticator app.

    Its pages open to any signed-in staff account before the second factor is proved
    (the views check who may see them), so Oscar's permission decorator is not applied.
    """

    label = "two_factor_dashboard"
    name = "shop.apps.dashboard.two_factor"
    verbose_name = _("Two-factor sign-in")

    default_permissions = None

    # pylint: disable=attribute-defined-outside-init
    def ready(self):
        views = "dashboard.two_factor.views"
        self.verify_view = get_class(views, "VerifyView")
        self.enrol_view = get_class(views, "EnrolView")

    def get_urls(self):
        urls = [
            path("", self.verify_view.as_view(), name="two-factor-verify"),
            path("enrol/", self.enrol_view.as_view(), name="two-factor-enrol"),
        ]
        return self.post_process_urls(urls)
