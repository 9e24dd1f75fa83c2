"""The statuses of a paid order on its way to a certificate (Oscar's order pipeline).

``OSCAR_ORDER_STATUS_PIPELINE`` in the settings says which move is allowed;
``shop/apps/order/statuses.py`` gives each its label in both languages.
"""

STATUS_PAID = "paid"
STATUS_AWAITING_RETIREMENT = "awaiting retirement"
STATUS_RETIRED = "retired"
STATUS_CERTIFICATE_ISSUED = "certificate issued"
STATUS_DISPUTED = "disputed"

# Statuses from which recording the last retirement moves the order to "retired".
STATUSES_BEFORE_RETIREMENT = (STATUS_PAID, STATUS_AWAITING_RETIREMENT)
