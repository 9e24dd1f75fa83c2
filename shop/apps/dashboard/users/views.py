"""Dashboard users fork: showing a customer's page to staff is written to the staff access log."""

from oscar.apps.dashboard.users import views as oscar_views
from oscar.apps.dashboard.users.views import *  # noqa: F403  (Oscar's fork pattern)

from legal.staff.access_log import staff_access_record
from legal.staff.models import AccessAction


class UserDetailView(oscar_views.UserDetailView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        customer = self.object
        staff_access_record(
            staff=request.user,
            action=AccessAction.VIEW_CUSTOMER,
            subject_user=customer,
            target=f"customer {customer.pk}",
            request=request,
        )
        return response
