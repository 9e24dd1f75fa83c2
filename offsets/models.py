"""The carbon domain: offset projects, the credit batches sold from them, retirements and certificates.

A credit batch is one vintage of one project, a contiguous range of registry
serial numbers (one serial = one tonne of CO2). Each batch is sold as one
Oscar product; the batch's own records are the truth about its tonnes and
the Oscar stock record mirrors "tonnes for sale" (see services.py).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.records import AppendOnlyModel

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


class RegistryOperator(models.Model):
    """Who runs a registry: the third party that retires credits in the beneficiary's name.

    Each registry maps to one recipient in the third-party register
    (legal.processors ThirdParty), which holds its country, the data it may
    receive and its measures; the checkout asks consent to each operator of
    the batches in the basket, and retirement hands the beneficiary over to it.
    """

    registry = models.CharField(
        _("registry / standard"), max_length=32, choices=Registry.choices, unique=True
    )
    operator = models.ForeignKey(
        "legal.ThirdParty", on_delete=models.PROTECT, related_name="+", verbose_name=_("operator")
    )

    class Meta:
        verbose_name = _("registry operator")
        verbose_name_plural = _("registry operators")
        ordering = ["registry"]

    def __str__(self) -> str:
        return f"{self.get_registry_display()}: {self.operator}"


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


# --- Project quality disclosure (issue 16): choices --------------------------------


class CcpLabel(models.TextChoices):
    """Whether the credits carry the ICVCM Core Carbon Principles (CCP) label."""

    LABELLED = "ccp-labelled", _("CCP-labelled")
    NOT_LABELLED = "not-labelled", _("Not CCP-labelled")


class CorrespondingAdjustment(models.TextChoices):
    """Whether the host country applies a corresponding adjustment (Paris Agreement Article 6)."""

    APPLIED = "applied", _("Applied (authorised under Article 6)")
    NOT_APPLIED = "not-applied", _("Not applied")


def validate_sdg_numbers(value: str) -> None:
    """Co-benefits are written as UN Sustainable Development Goal numbers, e.g. "6, 13, 15"."""
    for part in value.split(","):
        number = part.strip()
        if not number.isascii() or not number.isdigit() or not 1 <= int(number) <= 17:
            raise ValidationError(
                _("Write the SDG numbers (1–17) separated by commas, e.g. “6, 13, 15”."), code="invalid"
            )


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

    # --- Project quality disclosure (issue 16) ---------------------------------------
    # What a careful buyer checks, in both languages. Which of these must be filled
    # before a batch of the project goes on sale: offsets/disclosures.py.
    verification_body = models.CharField(
        _("validation / verification body (Japanese)"), max_length=200, blank=True
    )
    verification_body_en = models.CharField(
        _("validation / verification body (English)"), max_length=200, blank=True
    )
    verified_on = models.DateField(_("date of the latest verification"), null=True, blank=True)
    monitoring_period_start = models.DateField(_("monitoring period from"), null=True, blank=True)
    monitoring_period_end = models.DateField(_("monitoring period to"), null=True, blank=True)
    additionality = models.TextField(
        _("additionality (Japanese)"),
        blank=True,
        help_text=_("One sentence: why the reductions or removals would not happen without credit revenue."),
    )
    additionality_en = models.TextField(_("additionality (English)"), blank=True)
    permanence = models.TextField(
        _("permanence and reversal risk (Japanese)"),
        blank=True,
        help_text=_("How long the carbon stays out of the air, what could reverse it, and who makes good."),
    )
    permanence_en = models.TextField(_("permanence and reversal risk (English)"), blank=True)
    buffer_pool_percent = models.PositiveSmallIntegerField(
        _("buffer pool (percent of credits set aside)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leave empty when the standard keeps no buffer pool for this project."),
    )
    sdg_goals = models.CharField(
        _("co-benefits (SDG numbers)"),
        max_length=60,
        blank=True,
        validators=[validate_sdg_numbers],
        help_text=_("UN Sustainable Development Goal numbers, separated by commas, e.g. “6, 13, 15”."),
    )
    ccp_label = models.CharField(
        _("ICVCM Core Carbon Principles label"), max_length=16, choices=CcpLabel.choices, blank=True
    )
    corresponding_adjustment = models.CharField(
        _("corresponding adjustment (Paris Agreement Art. 6)"),
        max_length=16,
        choices=CorrespondingAdjustment.choices,
        blank=True,
    )
    # --- end of the quality disclosure ----------------------------------------------

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

    def clean(self) -> None:
        start, end = self.monitoring_period_start, self.monitoring_period_end
        if start and end and end < start:
            raise ValidationError(
                {"monitoring_period_end": _("The monitoring period cannot end before it starts.")}
            )

    @property
    def sdg_numbers(self) -> list[int]:
        """The co-benefits as SDG numbers, in the order staff wrote them."""
        return [int(part) for part in self.sdg_goals.split(",") if part.strip().isdigit()]


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


class Allocation(AppendOnlyModel):
    """The serials of a batch sold on one order line. Never removed: there are no refunds.

    Within a batch, allocations never overlap and never leave the batch's
    range: the services allocate under a row lock, and the database refuses
    the rest (migration 0005).
    """

    locked_error = AllocationLocked
    locked_message = "Allocations are never changed or deleted: paid tonnes do not go back on sale."

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

    @property
    def tonnes(self) -> int:
        return self.serial_last - self.serial_first + 1


class Substitution(models.Model):
    """Credits of the same kind delivered in place of tonnes an order line paid for and its batch cannot give.

    There are no refunds: when a paid line has no serials (its payment came after the hold
    lapsed and the batch sold out), staff schedule a substitution from a batch of the same
    kind (``selectors.substitute_batches``). The customer is told first (an e-mail through
    the outbox, ``notice_reference``); once the notice has gone out and ``due_at`` has
    passed, the substitute serials are allocated to the line under the same locks and
    guards as a sale. The row stays as the history of what was paid for (``original_batch``)
    and what was delivered instead (``allocation``, itself append-only).
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CARRIED_OUT = "carried_out", _("Carried out")
        CANCELLED = "cancelled", _("Cancelled")

    order_line = models.ForeignKey(
        "order.Line",
        on_delete=models.PROTECT,
        related_name="credit_substitutions",
        verbose_name=_("order line"),
    )
    original_batch = models.ForeignKey(
        CreditBatch,
        on_delete=models.PROTECT,
        related_name="substitutions_out",
        verbose_name=_("batch paid for"),
    )
    substitute_batch = models.ForeignKey(
        CreditBatch,
        on_delete=models.PROTECT,
        related_name="substitutions_in",
        verbose_name=_("substitute batch"),
    )
    tonnes = models.PositiveIntegerField(_("tonnes"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    due_at = models.DateTimeField(_("carried out from"))
    allocation = models.OneToOneField(
        Allocation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substitution",
        verbose_name=_("substitute serials"),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("scheduled at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("carried out or cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("substitution")
        verbose_name_plural = _("substitutions")
        ordering = ["-scheduled_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(tonnes__gt=0), name="offsets_substitution_tonnes_positive"),
            # Serials exactly when carried out: a scheduled or cancelled one delivered nothing.
            models.CheckConstraint(
                condition=Q(status="carried_out", allocation__isnull=False)
                | (~Q(status="carried_out") & Q(allocation__isnull=True)),
                name="offsets_substitution_serials_when_carried_out",
            ),
            models.UniqueConstraint(
                fields=["order_line"],
                condition=Q(status="scheduled"),
                name="offsets_one_scheduled_substitution_per_line",
                violation_error_message=_("This order line already has a substitution scheduled."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tonnes} t {self.original_batch_id} → {self.substitute_batch_id} ({self.status})"

    @property
    def notice_reference(self) -> str:
        """The outbox reference of the customer's advance notice."""
        return f"substitution:{self.pk}"


# --- Retirement and certificates ----------------------------------------------


class Retirement(models.Model):
    """The registry retirement (e.g. a J-Credit cancellation notice) of one allocation's serials.

    Retired credits cannot be used again by anyone: the certificate states
    exactly these serials, this reference and this date.
    """

    allocation = models.OneToOneField(
        Allocation, on_delete=models.PROTECT, related_name="retirement", verbose_name=_("allocation")
    )
    registry_reference = models.CharField(
        _("registry retirement reference"),
        max_length=100,
        help_text=_("E.g. the J-Credit cancellation notice number."),
    )
    retired_on = models.DateField(_("retired on"))
    serial_first = models.BigIntegerField(_("first serial retired"))
    serial_last = models.BigIntegerField(_("last serial retired"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registry retirement")
        verbose_name_plural = _("registry retirements")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(serial_last__gte=F("serial_first")), name="offsets_retirement_serials_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registry_reference} ({self.serial_first}–{self.serial_last})"

    @property
    def tonnes(self) -> int:
        return self.serial_last - self.serial_first + 1


def certificate_token() -> str:
    """An unguessable token: the QR code and e-mail link carry it, the number alone does not."""
    return secrets.token_urlsafe(24)


class Certificate(models.Model):
    """The certificate a paid order's retired tonnes earn: a PDF and a public verification page.

    Pending while it waits for the certificate-issuance processor and its PDF;
    valid once issued; superseded by a reissue; revoked with a reason. At
    most one pending-or-valid certificate per order, and each serial on at
    most one of them (``CertificateSerialRange``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being issued")
        VALID = "valid", _("Valid")
        SUPERSEDED = "superseded", _("Superseded")
        REVOKED = "revoked", _("Revoked")

    LIVE_STATUSES = (Status.PENDING, Status.VALID)

    number = models.CharField(_("certificate number"), max_length=32, unique=True, null=True, blank=True)
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=certificate_token, editable=False
    )
    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("order")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    beneficiary_name = models.CharField(_("beneficiary name"), max_length=100)
    offset_purpose = models.CharField(_("purpose of the offset"), max_length=200, blank=True)
    show_publicly = models.BooleanField(
        _("beneficiary and purpose shown on the public verification page"), default=False
    )
    tonnes = models.PositiveIntegerField(_("tonnes"))
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)
    waiting_reason = models.TextField(
        _("waiting because"), blank=True, help_text=_("Why issuance cannot complete yet.")
    )
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("replaces"),
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status__in=["pending", "valid"]),
                name="offsets_one_live_certificate_per_order",
                violation_error_message=_("This order already has a certificate."),
            )
        ]

    def __str__(self) -> str:
        return self.number or f"certificate #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES


class CertificateSerialRange(models.Model):
    """Serials one certificate states, taken from a registry retirement.

    ``is_live`` mirrors the certificate being pending or valid: among live
    ranges no serial appears twice (an exclusion constraint on PostgreSQL,
    triggers on SQLite; migration 0007), and a range never leaves the
    retirement it comes from.
    """

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="serial_ranges")
    retirement = models.ForeignKey(Retirement, on_delete=models.PROTECT, related_name="certificate_ranges")
    serial_prefix = models.CharField(_("serial prefix"), max_length=64)
    serial_first = models.BigIntegerField(_("first serial"))
    serial_last = models.BigIntegerField(_("last serial"))
    is_live = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("certificate serial range")
        verbose_name_plural = _("certificate serial ranges")
        ordering = ["serial_prefix", "serial_first"]
        constraints = [
            models.CheckConstraint(
                condition=Q(serial_last__gte=F("serial_first")), name="offsets_certrange_serials_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.serial_prefix} {self.serial_first}–{self.serial_last}"

    @property
    def tonnes(self) -> int:
        return self.serial_last - self.serial_first + 1


class CertificateEvent(models.Model):
    """What operations staff did to an order's substitutions, retirement and certificates: who, what, when."""

    class Action(models.TextChoices):
        SUBSTITUTION_SCHEDULED = "substitution_scheduled", _("Substitution scheduled")
        SUBSTITUTION_NOTICE_QUEUED = (
            "substitution_notice_queued",
            _("Substitution notice queued for the customer"),
        )
        SUBSTITUTED = "substituted", _("Substitution carried out")
        SUBSTITUTION_CANCELLED = "substitution_cancelled", _("Substitution cancelled")
        RETIREMENT_RECORDED = "retirement_recorded", _("Registry retirement recorded")
        BENEFICIARY_HANDED_OVER = (
            "beneficiary_handed_over",
            _("Beneficiary name handed to the registry operator"),
        )
        REGISTRY_CONSENT_REQUESTED = (
            "registry_consent_requested",
            _("Customer asked to consent to the registry operator"),
        )
        REGISTRY_CONSENT_GIVEN = "registry_consent_given", _("Customer consented to the registry operator")
        ISSUE_REQUESTED = "issue_requested", _("Issuance requested")
        WAITING = "waiting", _("Issuance waiting")
        ISSUED = "issued", _("Certificate issued")
        REISSUED = "reissued", _("Reissued (superseded)")
        REVOKED = "revoked", _("Revoked")

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="certificate_events")
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("staff member"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class CertificateBulkRun(models.Model):
    """One bulk issuance started from the dashboard or the command; its progress is shown to staff."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    order_ids = models.JSONField(_("orders"), default=list)
    total = models.PositiveIntegerField(_("orders"), default=0)
    issued = models.PositiveIntegerField(_("issued"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulk certificate issuance")
        verbose_name_plural = _("bulk certificate issuances")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.issued + self.refused}/{self.total}"

    @property
    def processed(self) -> int:
        return self.issued + self.refused

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.processed * 100 // self.total


# --- Footprint calculator (issue 16): emission factors and stored calculations -------------
# The models live in offsets/calculator/models.py; imported here so Django finds them.

from .calculator.models import EmissionFactor, FootprintCalculation  # noqa: E402,F401,I001
# --- Ledger reconciliation (issue 16) ------------------------------------------------


class ReconciliationRun(models.Model):
    """One run of the daily reconciliation of the ledger's invariants, with what it found.

    Kept as the history of every check: a clean run has no findings.
    """

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Daily schedule")
        COMMAND = "command", _("Management command")

    trigger = models.CharField(_("started by"), max_length=16, choices=Trigger.choices)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    batches_checked = models.PositiveIntegerField(_("batches checked"), default=0)
    discrepancies = models.PositiveIntegerField(_("discrepancies"), default=0)
    staff_notified = models.PositiveIntegerField(_("staff e-mailed"), default=0)

    class Meta:
        verbose_name = _("ledger reconciliation")
        verbose_name_plural = _("ledger reconciliations")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.discrepancies})"

    @property
    def is_clean(self) -> bool:
        return self.discrepancies == 0


class ReconciliationFinding(models.Model):
    """One broken invariant found by a reconciliation run: which check, about what, and the figures."""

    class Invariant(models.TextChoices):
        ALLOCATIONS_MATCH_SALES = "allocations_match_sales", _("Allocations sum to the tonnes sold")
        RETIREMENT_IN_ALLOCATION = (
            "retirement_in_allocation",
            _("Every retirement lies inside its allocation"),
        )
        CERTIFICATE_IN_RETIREMENT = (
            "certificate_in_retirement",
            _("Every live certificate lies inside a retirement"),
        )
        SERIAL_CERTIFIED_ONCE = "serial_certified_once", _("No serial on two live certificates")
        STOCK_MIRRORS_BATCH = "stock_mirrors_batch", _("The stock record mirrors the batch")

    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="findings")
    invariant = models.CharField(_("check"), max_length=32, choices=Invariant.choices)
    subject = models.CharField(_("about"), max_length=200)
    detail = models.TextField(_("what is wrong"))
    batch = models.ForeignKey(CreditBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("reconciliation finding")
        verbose_name_plural = _("reconciliation findings")
        ordering = ["run", "invariant", "pk"]

    def __str__(self) -> str:
        return f"{self.get_invariant_display()}: {self.subject}"
