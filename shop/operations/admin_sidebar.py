"""The Django admin shows what administrators here work with, not every model Oscar registers.

Oscar registers about sixty models in the admin: wish lists, vouchers, offers, shipping methods,
analytics counters… This shop sells no physical goods, runs no offers, and manages its catalogue,
orders and stock through the carbon domain and Oscar's dashboard. Editing those rows in the admin
would at best confuse and at worst break an invariant (a stock record edited by hand no longer
mirrors its batch), so they are taken out of the admin. What stays: people and roles, the legal
registers, the carbon domain, orders and payments (read, never deleted), invoices, sign-in records
and staff devices, and the site's address.
"""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered

NOT_IN_THE_ADMIN = (
    "address.Country",  # the shop asks for no addresses; countries abroad live in the legal registers
    "address.UserAddress",
    "analytics.ProductRecord",  # counters Oscar keeps (issue 18 folds them in from the cache)
    "analytics.UserProductView",
    "analytics.UserRecord",
    "analytics.UserSearch",
    "basket.Basket",  # customers' baskets are theirs
    "basket.Line",
    "basket.LineAttribute",
    "catalogue.AttributeOptionGroup",  # credit batches have no attributes, options or images of their own
    "catalogue.Option",
    "catalogue.ProductAttribute",
    "catalogue.ProductAttributeValue",
    "catalogue.ProductCategory",
    "catalogue.ProductImage",
    "communication.CommunicationEventType",  # e-mail goes through the outbox (legal.OutboxMessage)
    "communication.Email",
    "communication.Notification",
    "customer.ProductAlert",
    "flatpages.FlatPage",  # the legal app holds every published text
    "offer.Benefit",  # no offers or vouchers: prices are the batches' own
    "offer.Condition",
    "offer.ConditionalOffer",
    "offer.Range",
    "order.BillingAddress",
    "order.CommunicationEvent",
    "order.LineAttribute",
    "order.LinePrice",
    "order.OrderDiscount",
    "order.OrderNote",
    "order.OrderStatusChange",
    "order.PaymentEventType",
    "order.ShippingAddress",  # nothing is shipped
    "order.ShippingEvent",
    "order.ShippingEventType",
    "order.Surcharge",
    "partner.Partner",
    "partner.StockRecord",  # mirrors its batch's tonnes (offsets.services.batch_sync_stock)
    "payment.Bankcard",  # no card is saved: card data goes to Stripe only
    "payment.SourceType",
    "reviews.ProductReview",
    "reviews.Vote",
    "shipping.OrderAndItemCharges",
    "shipping.WeightBased",
    "voucher.Voucher",
    "voucher.VoucherApplication",
    "wishlists.Line",
    "wishlists.WishList",
    "wishlists.WishListSharedEmail",
)


def admin_sidebar_trim() -> None:
    """Unregister NOT_IN_THE_ADMIN from the admin site (run once the admin modules are loaded)."""
    from django.apps import apps

    for label in NOT_IN_THE_ADMIN:
        try:
            admin.site.unregister(apps.get_model(label))
        except (LookupError, NotRegistered):
            continue  # an app left out of INSTALLED_APPS, or already gone
