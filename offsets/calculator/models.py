"""Emission factors and the calculations made with them (imported by ``offsets.models``).

A factor is data, not code: staff add and publish factors in the admin. A published factor is
never edited or deleted (``AppendOnlyModel``): a correction is a new version (``previous`` points
to the one it replaces), and an order keeps the versions it was computed with.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.records import AppendOnlyModel


class EmissionFactorLocked(Exception):
    """A published emission factor was about to be changed or deleted."""


class Activity(models.TextChoices):
    ELECTRICITY = "electricity", _("Electricity")
    CITY_GAS = "city_gas", _("City gas")
    LP_GAS = "lp_gas", _("LP gas")
    GASOLINE = "gasoline", _("Gasoline")
    DIESEL = "diesel", _("Diesel")


class Unit(models.TextChoices):
    KWH = "kWh", "kWh"
    M3 = "m3", "m³"
    KG = "kg", "kg"
    LITRE = "L", "L"


# The units each activity is measured in (LP gas by weight or by volume).
ACTIVITY_UNITS = {
    Activity.ELECTRICITY: (Unit.KWH,),
    Activity.CITY_GAS: (Unit.M3,),
    Activity.LP_GAS: (Unit.KG, Unit.M3),
    Activity.GASOLINE: (Unit.LITRE,),
    Activity.DIESEL: (Unit.LITRE,),
}


class EmissionFactor(AppendOnlyModel):
    """kg of CO2 per unit of one activity, for a period of use, with its source.

    Electricity factors may name a retailer and its menu (``menu_code``); without one a factor is
    the national default. ``fiscal_year`` is the year the published figure describes;
    ``valid_from`` / ``valid_to`` the period of use it is applied to.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    locked_error = EmissionFactorLocked
    locked_message = "A published emission factor is never changed or deleted: publish a new version."
    locked_when = Q(status=Status.PUBLISHED)

    activity = models.CharField(_("activity"), max_length=16, choices=Activity.choices)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    value = models.DecimalField(
        _("kg-CO2 per unit"),
        max_digits=10,
        decimal_places=6,
        validators=[
            MinValueValidator(Decimal(0), message=_("A factor cannot be negative.")),
            MaxValueValidator(
                Decimal(1000), message=_("A factor above 1,000 kg-CO2 per unit is not plausible.")
            ),
        ],
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year of the figure"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    menu_code = models.SlugField(
        _("retailer menu code"),
        max_length=64,
        blank=True,
        help_text=_(
            "Electricity only: a short code for the retailer's menu. Empty for the national default."
        ),
    )
    supplier = models.CharField(_("electricity retailer (Japanese)"), max_length=100, blank=True)
    supplier_en = models.CharField(_("electricity retailer (English)"), max_length=100, blank=True)
    menu = models.CharField(_("menu (Japanese)"), max_length=100, blank=True)
    menu_en = models.CharField(_("menu (English)"), max_length=100, blank=True)
    source_title = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source link"), blank=True)
    is_demo = models.BooleanField(
        _("demo value"),
        default=False,
        help_text=_("A made-up value for the demo shop, never an official figure; shown as such everywhere."),
    )
    valid_from = models.DateField(_("applies to use from"))
    valid_to = models.DateField(_("applies to use until"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
        editable=False,
        verbose_name=_("replaces version"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        ordering = ["activity", "unit", "menu_code", "-valid_from", "-version"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="offsets_factor_value_nonnegative"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="offsets_factor_valid_to_after_from",
            ),
            models.CheckConstraint(
                condition=Q(activity="electricity") | Q(menu_code=""),
                name="offsets_factor_menu_only_for_electricity",
            ),
        ]
        indexes = [models.Index(fields=["activity", "unit", "menu_code", "status"])]

    def __str__(self) -> str:
        where = f" {self.supplier} {self.menu}".rstrip() if self.menu_code else ""
        dated = f"({self.valid_from}, v{self.version})"
        return f"{self.get_activity_display()}{where} {self.value} kg/{self.unit} {dated}"

    def clean(self) -> None:
        errors = {}
        if self.activity and self.unit and self.unit not in ACTIVITY_UNITS.get(self.activity, ()):
            errors["unit"] = _("This unit does not measure this activity.")
        if self.activity != Activity.ELECTRICITY and (self.menu_code or self.supplier or self.menu):
            errors["menu_code"] = _("Only electricity factors name a retailer and menu.")
        if self.menu_code and not self.supplier:
            errors["supplier"] = _("Name the retailer of this menu.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end of the period cannot be before its start.")
        if errors:
            raise ValidationError(errors)

    def label(self, language: str) -> str:
        """The retailer and menu in ``language`` (empty for a national or fuel factor)."""
        if not self.menu_code:
            return ""
        if language.startswith("en"):
            return f"{self.supplier_en or self.supplier} — {self.menu_en or self.menu}"
        return f"{self.supplier} {self.menu}"


class FootprintCalculation(models.Model):
    """One estimate a buyer offset from the calculator, kept with the basket and then the order.

    ``lines`` is a snapshot of the working (amount × factor = tonnes, with each factor's source,
    year and version id), so a later factor version never changes what an order was computed
    with. Energy use tied to a beneficiary is personal data: it goes on the certificate only
    when the buyer chose so at checkout (``show_on_certificate``).
    """

    basket_id = models.PositiveIntegerField(_("basket"), db_index=True)
    order = models.ForeignKey(
        "order.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="footprint_calculations",
        verbose_name=_("order"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    inputs = models.JSONField(_("what was entered"), default=dict)
    lines = models.JSONField(_("working"), default=list)
    factors = models.ManyToManyField(EmissionFactor, related_name="+", verbose_name=_("factor versions used"))
    kg_co2 = models.DecimalField(_("kg-CO2 (exact)"), max_digits=20, decimal_places=6)
    tonnes_to_buy = models.PositiveIntegerField(_("tonnes to offset (rounded up)"))
    show_on_certificate = models.BooleanField(_("shown on the certificate"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("footprint calculation")
        verbose_name_plural = _("footprint calculations")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kg_co2} kg-CO2 → {self.tonnes_to_buy} t (basket {self.basket_id})"

    @property
    def tonnes_exact(self) -> Decimal:
        return self.kg_co2 / 1000
