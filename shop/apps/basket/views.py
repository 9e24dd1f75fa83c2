"""Basket views fork: a basket above the largest card payment says so on the basket page."""

from oscar.apps.basket import views as oscar_views
from oscar.apps.basket.views import *  # noqa: F403  (Oscar's fork pattern)

from .limits import payment_limit_problem


class BasketView(oscar_views.BasketView):
    def get_basket_warnings(self, basket):
        # Bulk buyers may fill a basket beyond what one card payment can take (ORDER_TOTAL_MAX_YEN);
        # they see why and by how much here, not only when the checkout sends them back.
        warnings = super().get_basket_warnings(basket)
        problem = payment_limit_problem(basket=basket)
        return [*warnings, problem] if problem else warnings
