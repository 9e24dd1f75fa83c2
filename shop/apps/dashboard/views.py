"""Dashboard views fork: the index also shows privacy requests that are overdue or due soon, and
the latest ledger reconciliation with its discrepancies."""

from oscar.apps.dashboard import views as oscar_views
from oscar.apps.dashboard.views import *  # noqa: F403  (Oscar's fork pattern)


class IndexView(oscar_views.IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("legal.view_privacyrequest"):
            from legal.privacy.requests.selectors import request_counts

            context["privacy_request_counts"] = request_counts()
        if self.request.user.has_perm("offsets.view_reconciliationrun"):
            from offsets.ledger import reconciliation_latest

            context["ledger_reconciliation"] = reconciliation_latest()
            context["ledger_reconciliation_shown"] = True
        return context
