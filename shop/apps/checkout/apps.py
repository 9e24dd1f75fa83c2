from django.urls import path
from oscar.apps.checkout import apps
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "shop.apps.checkout"

    def ready(self):
        super().ready()
        self.payment_return_view = get_class("checkout.views", "PaymentReturnView")

    def get_urls(self):
        urls = super().get_urls()
        urls.append(path("payment-return/", self.payment_return_view.as_view(), name="payment-return"))
        return self.post_process_urls(urls)
