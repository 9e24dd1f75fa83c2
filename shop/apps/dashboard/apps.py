import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Dashboard fork: Oscar looks up dashboard.* classes (e.g. dashboard.catalogue.views) here first."""

    name = "shop.apps.dashboard"
