"""Writes: emission factor versions, offsetting an estimate into the basket, carrying it to the order."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EmissionFactor, FootprintCalculation
from .selectors import FootprintEstimate, FootprintRefused

# The fields a new version copies from the one it replaces (everything staff may edit).
FACTOR_COPIED_FIELDS = (
    "activity",
    "unit",
    "value",
    "fiscal_year",
    "menu_code",
    "supplier",
    "supplier_en",
    "menu",
    "menu_en",
    "source_title",
    "source_url",
    "is_demo",
    "valid_from",
    "valid_to",
)


def emission_factor_new_version(*, factor: EmissionFactor, created_by=None) -> EmissionFactor:
    """A draft copy of published ``factor`` to correct and publish; it replaces ``factor`` once published.

    Raises FootprintRefused when ``factor`` is a draft (edit it instead) or already has a next version.
    """
    if factor.status != EmissionFactor.Status.PUBLISHED:
        raise FootprintRefused(_("This factor is a draft: edit it instead of starting a new version."))
    if EmissionFactor.objects.filter(previous=factor).exists():
        raise FootprintRefused(
            _("This factor already has a newer version (draft or published): edit that one.")
        )
    draft = EmissionFactor(
        **{field: getattr(factor, field) for field in FACTOR_COPIED_FIELDS},
        previous=factor,
        version=factor.version + 1,
        created_by=created_by,
    )
    draft.save()
    return draft


def emission_factor_publish(*, factor: EmissionFactor) -> EmissionFactor:
    """Publish draft ``factor``: from now on it is used (replacing ``previous``) and never changes."""
    with transaction.atomic():
        factor = EmissionFactor.objects.select_for_update().get(pk=factor.pk)
        if factor.status == EmissionFactor.Status.PUBLISHED:
            return factor
        factor.full_clean()
        factor.status = EmissionFactor.Status.PUBLISHED
        factor.published_at = timezone.now()
        factor.save(update_fields=["status", "published_at"])
        return factor


def footprint_calculation_record(*, estimate: FootprintEstimate, basket_id: int) -> FootprintCalculation:
    """Keep ``estimate`` (inputs, factor versions, working, result) with the basket."""
    calculation = FootprintCalculation.objects.create(
        basket_id=basket_id,
        fiscal_year=estimate.period.fiscal_year,
        month=estimate.period.month,
        inputs=estimate.inputs(),
        lines=[line.snapshot() for line in estimate.lines],
        kg_co2=estimate.kg_co2,
        tonnes_to_buy=estimate.tonnes_to_buy,
    )
    calculation.factors.set({line.factor.pk for line in estimate.lines})
    return calculation


def footprint_offset(*, estimate: FootprintEstimate, basket, product) -> FootprintCalculation:
    """Put the estimate's rounded-up tonnes of ``product`` (a credit batch) into ``basket`` and keep the
    calculation with it, in one transaction. Raises FootprintRefused when there is nothing to offset
    or not that many tonnes for sale."""
    tonnes = estimate.tonnes_to_buy
    if tonnes < 1:
        raise FootprintRefused(_("The estimate is 0 t-CO2: there is nothing to offset."))
    with transaction.atomic():
        in_basket = basket.line_quantity(product, None) if basket.pk else 0
        availability = basket.strategy.fetch_for_product(product).availability
        permitted, reason = availability.is_purchase_permitted(in_basket + tonnes)
        if not permitted:
            raise FootprintRefused(
                _("%(tonnes)s t of this project cannot be added: %(reason)s")
                % {"tonnes": tonnes, "reason": reason}
            )
        basket.add_product(product, quantity=tonnes)
        return footprint_calculation_record(estimate=estimate, basket_id=basket.pk)


def footprint_calculations_certificate_choice(*, basket_id: int, show: bool) -> int:
    """Record the buyer's choice at checkout: state the basket's calculations on the certificate or not."""
    return FootprintCalculation.objects.filter(basket_id=basket_id, order__isnull=True).update(
        show_on_certificate=show
    )


def footprint_calculations_move(*, from_basket_id: int, to_basket_id: int) -> int:
    """A basket merged into another (signing in) takes its calculations along; return how many."""
    return FootprintCalculation.objects.filter(basket_id=from_basket_id, order__isnull=True).update(
        basket_id=to_basket_id
    )


def footprint_calculations_attach(*, basket_id: int, order) -> int:
    """Keep the calculations offset in ``basket_id`` with the order placed from it; return how many."""
    return FootprintCalculation.objects.filter(basket_id=basket_id, order__isnull=True).update(order=order)
