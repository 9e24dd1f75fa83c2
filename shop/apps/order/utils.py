"""Order utilities fork: order numbers from the database; stock kept by the offsets services."""

from oscar.apps.order import utils as oscar_utils
from oscar.apps.order.utils import *  # noqa: F403  (Oscar's fork pattern)


class OrderNumberGenerator(oscar_utils.OrderNumberGenerator):
    """One number per basket, from a database sequence: numbers never collide.

    (Oscar's default, 100000 + basket id, has collided with stale baskets.)
    """

    def order_number(self, basket) -> str:
        from .models import OrderNumber

        issued, _created = OrderNumber.objects.get_or_create(basket_id=basket.pk)
        return issued.number


class OrderCreator(oscar_utils.OrderCreator):
    def update_stock_records(self, line):
        # Oscar would add to num_allocated without a lock; tonnes are sold by
        # offsets.services.tonnes_allocate under a row lock instead.
        return None
