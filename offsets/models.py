"""The carbon domain: offset projects and the credit batches sold from them.

A credit batch is one vintage of one project, a contiguous range of registry
serial numbers (one serial = one tonne of CO2). Each batch is sold as one
Oscar product; the batch's own records are the truth about its tonnes and
the Oscar stock record mirrors "tonnes for sale" (see services.py).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .exceptions import AllocationLocked


class Bilingual:
    """Reads ``<field>`` (Japanese) or ``<field>_en`` by the active language."""

    def localized(self, field: str) -> str:
        if (get_language() or "").startswith("en"):
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)


class Registry(models.TextChoices):
    J_CREDIT = "j-credit", _("J-Credit Scheme")
    VERRA = "verra", _("Verra (Verified Carbon Standard)")
    GOLD_STANDARD = "gold-standard", _("Gold Standard")
    JCM = "jcm", _("Joint Crediting Mechanism (JCM)")


class OffsetType(models.TextChoices):
    REMOVAL = "removal", _("Removal")
    AVOIDANCE = "avoidance", _("Avoidance / reduction")


class ProjectCategory(models.TextChoices):
    FOREST = "forest", _("Forest absorption")
    SOLAR = "solar", _("Solar power")
    ENERGY_SAVING = "energy-saving", _("Energy saving")
    BIOMASS = "biomass", _("Biomass heat")
    BLUE_CARBON = "blue-carbon", _("Blue carbon")
    BIOCHAR = "biochar", _("Biochar")
    HYDRO = "hydro", _("Small hydro power")


class OffsetProject(Bilingual, models.Model):
    name = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    registry = models.CharField(_("registry / standard"), max_length=32, choices=Registry.choices)
    registry_project_id = models.CharField(_("registry project ID"), max_length=64)
    registry_url = models.URLField(_("registry link"), blank=True)
    methodology = models.CharField(_("methodology"), max_length=200)
    methodology_en = models.CharField(_("methodology (English)"), max_length=200, blank=True)
    offset_type = models.CharField(_("removal or avoidance"), max_length=16, choices=OffsetType.choices)
    category = models.CharField(_("category"), max_length=32, choices=ProjectCategory.choices)
    location = models.CharField(_("location (Japanese)"), max_length=200)
    location_en = models.CharField(_("location (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Japanese)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    image = models.ImageField(_("image"), upload_to="projects/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offset project")
        verbose_name_plural = _("offset projects")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "registry_project_id"], name="offsets_project_registry_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.localized("name")


# Far above any real issuance, and within the integer range of Oscar's stock
# record, which mirrors a batch's tonnes.
MAX_TONNES_PER_BATCH = 100_000_000
MAX_PRICE_PER_TONNE = 10_000_000


class CreditBatch(models.Model):
    """One vintage of a project: serials ``serial_first``..``serial_last`` inclusive."""

    project = models.ForeignKey(
        OffsetProject, on_delete=models.PROTECT, related_name="batches", verbose_name=_("project")
    )
    product = models.OneToOneField(
        "catalogue.Product",
        on_delete=models.PROTECT,
        related_name="credit_batch",
        verbose_name=_("catalogue product"),
    )
    vintage = models.PositiveSmallIntegerField(
        _("vintage year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    serial_prefix = models.CharField(
        _("serial prefix"),
        max_length=64,
        help_text=_("The registry's serial number prefix shared by every tonne of this batch."),
    )
    serial_first = models.BigIntegerField(
        _("first serial"), validators=[MinValueValidator(0, message=_("Serial numbers cannot be negative."))]
    )
    serial_last = models.BigIntegerField(
        _("last serial"), validators=[MinValueValidator(0, message=_("Serial numbers cannot be negative."))]
    )
    price_per_tonne = models.PositiveIntegerField(
        _("price per tonne (yen, tax included)"),
        validators=[
            MinValueValidator(1, message=_("The price per tonne must be at least 1 yen.")),
            # Basket and order amounts are Decimal(12, 2): keep line totals far inside that.
            MaxValueValidator(
                MAX_PRICE_PER_TONNE, message=_("The price per tonne can be at most 10,000,000 yen.")
            ),
        ],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("credit batch")
        verbose_name_plural = _("credit batches")
        ordering = ["project__name", "vintage", "serial_first"]
        constraints = [
            models.CheckConstraint(
                condition=Q(serial_last__gte=F("serial_first")),
                name="offsets_batch_serial_last_gte_first",
                violation_error_message=_("The last serial must not be below the first serial."),
            ),
            models.CheckConstraint(
                condition=Q(serial_first__gte=0),
                name="offsets_batch_serial_first_nonnegative",
                violation_error_message=_("Serial numbers cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(price_per_tonne__gt=0),
                name="offsets_batch_price_positive",
                violation_error_message=_("The price per tonne must be at least 1 yen."),
            ),
            # Serial ranges with the same prefix never overlap: an exclusion
            # constraint on PostgreSQL and a trigger on SQLite (migration 0002).
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.vintage} ({self.serial_range_label})"

    def clean(self) -> None:
        if (
            self.serial_first is not None
            and self.serial_last is not None
            and self.serial_last - self.serial_first + 1 > MAX_TONNES_PER_BATCH
        ):
            raise ValidationError(
                {
                    "serial_last": _("A batch can hold at most %(max)s tonnes; split larger issuances.")
                    % {"max": f"{MAX_TONNES_PER_BATCH:,}"}
                }
            )

    @property
    def tonnes_issued(self) -> int:
        return self.serial_last - self.serial_first + 1

    @property
    def serial_range_label(self) -> str:
        return f"{self.serial_prefix} {self.serial_first}–{self.serial_last}"


class Reservation(models.Model):
    """Tonnes of a batch held for one basket while its payment is taken.

    Short-lived: a reservation not turned into an allocation before
    ``expires_at`` goes back on sale (``reservations_release_expired``).
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ALLOCATED = "allocated", _("Allocated to an order")
        RELEASED = "released", _("Released")

    batch = models.ForeignKey(CreditBatch, on_delete=models.PROTECT, related_name="reservations")
    basket_id = models.PositiveIntegerField(_("basket"), db_index=True)
    tonnes = models.PositiveIntegerField(_("tonnes"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        indexes = [models.Index(fields=["batch", "status", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(tonnes__gt=0), name="offsets_reservation_tonnes_positive")
        ]

    def __str__(self) -> str:
        return f"{self.tonnes} t of {self.batch_id} for basket {self.basket_id} ({self.status})"


class AllocationQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AllocationLocked("Allocations are never changed.")

    def delete(self):
        raise AllocationLocked("Allocations are never deleted: paid tonnes do not go back on sale.")


class Allocation(models.Model):
    """The serials of a batch sold on one order line. Never removed: there are no refunds.

    Within a batch, allocations never overlap and never leave the batch's
    range: the services allocate under a row lock, and the database refuses
    the rest (migration 0005).
    """

    batch = models.ForeignKey(CreditBatch, on_delete=models.PROTECT, related_name="allocations")
    order_line = models.ForeignKey(
        "order.Line",
        on_delete=models.PROTECT,
        related_name="credit_allocations",
        verbose_name=_("order line"),
    )
    serial_first = models.BigIntegerField(_("first serial"))
    serial_last = models.BigIntegerField(_("last serial"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["batch", "serial_first"]
        constraints = [
            models.CheckConstraint(
                condition=Q(serial_last__gte=F("serial_first")), name="offsets_allocation_serials_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch.serial_prefix} {self.serial_first}–{self.serial_last}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise AllocationLocked("Allocations are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AllocationLocked("Allocations are never deleted: paid tonnes do not go back on sale.")

    @property
    def tonnes(self) -> int:
        return self.serial_last - self.serial_first + 1
