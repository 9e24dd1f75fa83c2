from django import template

from shop.invoices.models import Invoice

register = template.Library()


@register.simple_tag
def order_invoices(order) -> list[Invoice]:
    """The order's issued invoices, oldest first (corrections after what they replace)."""
    return list(Invoice.objects.filter(order=order).select_related("replaces").order_by("sequence"))
