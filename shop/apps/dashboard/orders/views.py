"""Dashboard orders fork: showing an order's page to staff is written to the staff access log."""

from oscar.apps.dashboard.orders import views as oscar_views
from oscar.apps.dashboard.orders.views import *  # noqa: F403  (Oscar's fork pattern)

from legal.staff.access_log import staff_access_record
from legal.staff.models import AccessAction


class OrderDetailView(oscar_views.OrderDetailView):
    def get_order_lines(self):
        # A bulk order's 30+ lines with their product and partner in one query, not two per line.
        return self.object.lines.select_related("product", "partner", "stockrecord")

    # Only GET shows the page: Oscar answers every POST action with a redirect back to it.
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        order = self.object
        staff_access_record(
            staff=request.user,
            action=AccessAction.VIEW_ORDER,
            subject_user=order.user,
            subject_email=order.email or "",
            target=f"order {order.number}",
            request=request,
        )
        return response
