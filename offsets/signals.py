"""Signals the carbon domain sends for the layers above it to act on."""

from django.dispatch import Signal

# Sent after the stock mirror of some batches was written (tonnes for sale, holds, price), with
# ``product_ids`` (the batches' catalogue products). The mirror is written with ``bulk_update``,
# which sends no ``post_save``; the storefront's page cache listens here (shop/apps/catalogue/apps.py).
stock_synced = Signal()

# Sent after a change the public ledger shows that sends no ``post_save`` (a queryset update: a
# buyer showing or hiding their name on their certificates; names blanked by a withdrawal or at the
# end of their retention, legal/privacy/services.py). The storefront's page cache listens
# here (shop/config.py), as it does to the models' own signals.
ledger_changed = Signal()
