"""Template helpers used on every page (registered as a builtin in settings)."""

from decimal import Decimal

from django import template
from django.urls import translate_url
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

register = template.Library()


@register.filter
def yen(amount: Decimal | int | None) -> str:
    """Whole yen, e.g. ``¥3,300``."""
    if amount is None:
        return ""
    return currency(amount, "JPY")


@register.filter
def yen_incl_tax(amount: Decimal | int | None) -> str:
    """A tax-inclusive price as consumers in Japan must see it, e.g. ``¥3,300（税込）``."""
    if amount is None:
        return ""
    return _("%(price)s (tax incl.)") % {"price": yen(amount)}


@register.simple_tag(takes_context=True)
def language_switch_url(context, language_code: str) -> str:
    """The current page's URL in ``language_code`` (``/catalogue/`` <-> ``/en/catalogue/``)."""
    request = context.get("request")
    if request is None:
        return "/"
    url = translate_url(request.path, language_code)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.filter
def localized(obj, field: str) -> str:
    """``obj.localized(field)``: the Japanese field or its ``_en`` twin by language."""
    localize = getattr(obj, "localized", None)
    return localize(field) if localize else ""


@register.filter
def order_status(status: str) -> str:
    """``{{ order.status|order_status }}``: the status as people read it (「証明書発行済み」)."""
    from shop.apps.order.statuses import order_status_label

    return order_status_label(status)
