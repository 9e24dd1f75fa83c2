"""Order admin fork: paid orders and their lines are never deleted from the admin (no refunds)."""

from django.contrib import admin
from oscar.apps.order import admin as oscar_admin
from oscar.apps.order.admin import *  # noqa: F403  (Oscar's fork pattern)
from oscar.core.loading import get_model

Order = get_model("order", "Order")
Line = get_model("order", "Line")
PaymentEvent = get_model("order", "PaymentEvent")


class NoDeletion:
    def has_delete_permission(self, request, obj=None):
        return False


for model, model_admin in [
    (Order, oscar_admin.OrderAdmin),
    (Line, oscar_admin.LineAdmin),
    (PaymentEvent, oscar_admin.PaymentEventAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (NoDeletion, model_admin), {}))
