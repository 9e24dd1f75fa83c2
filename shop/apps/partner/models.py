"""Partner fork: Oscar's stock record only mirrors the credit batch; it never un-sells tonnes."""

from oscar.apps.partner.abstract_models import AbstractStockRecord


class StockRecord(AbstractStockRecord):
    def cancel_allocation(self, quantity):
        # Allocations of serials are final (no refunds); the mirror follows the batch.
        raise ValueError("Paid tonnes never go back on sale: allocations are not cancelled.")


from oscar.apps.partner.models import *  # noqa: E402,F403,I001  (Oscar's fork pattern)
