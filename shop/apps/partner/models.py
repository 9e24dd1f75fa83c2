"""Partner fork: Oscar's stock record only mirrors the credit batch; it never un-sells tonnes.

The tonnes a page shows and a basket may take are ``net_stock_level``: the
batch's unsold tonnes (``num_in_stock``) less the tonnes held for buyers whose
payment is being taken. Each hold is mirrored here with its expiry, and a hold
stops counting the moment it expires, with no write and no query: correctness
never waits for the scheduled task that marks lapsed reservations released.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockRecord


class StockRecord(AbstractStockRecord):
    # [{"until": ISO 8601 expiry, "tonnes": n}, …] — the batch's live reservations, written by
    # offsets.services.batch_sync_stock whenever they change (the reservations stay the record).
    holds = models.JSONField(
        _("Tonnes held for payments in progress"), default=list, blank=True, editable=False
    )

    def tonnes_held(self, now: datetime.datetime | None = None) -> int:
        """Tonnes held by holds that have not expired by ``now``."""
        now = now or timezone.now()
        return sum(
            hold["tonnes"]
            for hold in self.holds or ()
            if datetime.datetime.fromisoformat(hold["until"]) > now
        )

    def holds_change_at(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """When the next live hold expires (and the tonnes for sale go up), or None."""
        now = now or timezone.now()
        expiries = [datetime.datetime.fromisoformat(hold["until"]) for hold in self.holds or ()]
        return min((until for until in expiries if until > now), default=None)

    @property
    def net_stock_level(self):
        return super().net_stock_level - self.tonnes_held()

    def cancel_allocation(self, quantity):
        # Allocations of serials are final (no refunds); the mirror follows the batch.
        raise ValueError("Paid tonnes never go back on sale: allocations are not cancelled.")


from oscar.apps.partner.models import *  # noqa: E402,F403,I001  (Oscar's fork pattern)
