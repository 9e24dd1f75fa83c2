"""Payment admin fork: payment records of paid orders are never deleted from the admin."""

from django.contrib import admin
from oscar.apps.payment import admin as oscar_admin
from oscar.apps.payment.admin import *  # noqa: F403  (Oscar's fork pattern)
from oscar.core.loading import get_model

Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")


class NoDeletion:
    def has_delete_permission(self, request, obj=None):
        return False


for model, model_admin in [(Source, oscar_admin.SourceAdmin), (Transaction, oscar_admin.TransactionAdmin)]:
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (NoDeletion, model_admin), {}))
