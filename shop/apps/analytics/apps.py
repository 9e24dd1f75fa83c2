import oscar.apps.analytics.apps as apps


class AnalyticsConfig(apps.AnalyticsConfig):
    """Oscar's analytics, with product views counted in the cache instead of a write per view.

    Oscar's ``ready`` imports Oscar's receivers; ours imports the shop's, which
    keep Oscar's other receivers and replace the one for product views.
    """

    name = "shop.apps.analytics"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
