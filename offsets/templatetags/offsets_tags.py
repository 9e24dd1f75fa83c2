"""Template helpers of the carbon domain."""

from django import template

from .. import selectors
from ..models import Certificate

register = template.Library()


@register.simple_tag
def order_certificate(order) -> Certificate | None:
    """``{% order_certificate order as certificate %}``: the order's current certificate, or None."""
    return selectors.certificate_of_order(order=order)
