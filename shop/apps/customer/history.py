"""Recently viewed products: a preference cookie, kept only with the visitor's consent.

Oscar writes its history cookie on every product view (its receiver of
``product_viewed`` loads this class with ``get_class``). Here it is written
only when the visitor allowed preference cookies, and a cookie left from an
earlier consent is deleted on the next product view once consent is gone.
"""

from django.conf import settings
from oscar.apps.customer import history as oscar_history
from oscar.core.loading import get_model

from legal.cookies.consent import consent_allows
from legal.cookies.inventory import CookieCategory

Product = get_model("catalogue", "Product")

# Product ids are positive database integers; anything else in the cookie is ignored.
LARGEST_PRODUCT_ID = 2**31 - 1


class CustomerHistoryManager(oscar_history.CustomerHistoryManager):
    @classmethod
    def allowed(cls, request) -> bool:
        return consent_allows(request=request, category=CookieCategory.PREFERENCES)

    @classmethod
    def get(cls, request):
        """The recently viewed products, newest first; none without consent."""
        if not cls.allowed(request):
            return []
        ids = cls.extract(request)
        products = Product.objects.browsable().base_queryset().in_bulk(ids)
        return [products[product_id] for product_id in reversed(ids) if product_id in products]

    @classmethod
    def extract(cls, request, response=None):
        """The product ids in the cookie; a hand-edited cookie cannot crash the page."""
        ids = super().extract(request, response)
        return [
            product_id
            for product_id in ids
            if type(product_id) is int and 0 < product_id <= LARGEST_PRODUCT_ID  # not bool, float or str
        ]

    @classmethod
    def update(cls, product, request, response):
        if cls.allowed(request):
            super().update(product, request, response)
        elif cls.cookie_name in request.COOKIES:
            response.delete_cookie(cls.cookie_name, samesite=settings.SESSION_COOKIE_SAMESITE)
