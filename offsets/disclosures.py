"""Project quality disclosure: which disclosures a project needs before its batches go on sale.

The one place that says what "required" means. A batch cannot be put on sale
(``offsets.services.batch_sale_check``) while any of these is empty on its
project; batches already on sale without them are listed for staff
(``batches_on_sale_undisclosed``), never withdrawn behind their backs.

Both languages are required for the texts: the product page and the
certificate show each one in Japanese and in English.
"""

from django.db.models import Q, QuerySet

from .models import CreditBatch, OffsetProject

# Buffer pool and SDG co-benefits are shown when given but are not required:
# many standards keep no buffer pool, and a project may claim no co-benefit.
REQUIRED_DISCLOSURES: tuple[str, ...] = (
    "methodology",
    "methodology_en",
    "verification_body",
    "verification_body_en",
    "verified_on",
    "monitoring_period_start",
    "monitoring_period_end",
    "additionality",
    "additionality_en",
    "permanence",
    "permanence_en",
    "ccp_label",
    "corresponding_adjustment",
)

_DATE_FIELDS = {"verified_on", "monitoring_period_start", "monitoring_period_end"}


def project_disclosures_missing(*, project: OffsetProject) -> list[str]:
    """Return the verbose names of the required disclosures ``project`` leaves empty, in form order."""
    missing = []
    for name in REQUIRED_DISCLOSURES:
        value = getattr(project, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(OffsetProject._meta.get_field(name).verbose_name))
    return missing


def undisclosed_projects_q(prefix: str = "") -> Q:
    """A filter matching projects (through ``prefix``, e.g. ``"project__"``) missing a required disclosure."""
    condition = Q()
    for name in REQUIRED_DISCLOSURES:
        lookup = f"{prefix}{name}"
        condition |= Q(**{f"{lookup}__isnull": True}) if name in _DATE_FIELDS else Q(**{lookup: ""})
    return condition


def batches_on_sale_undisclosed() -> QuerySet[CreditBatch]:
    """Batches whose product is public although their project lacks a required disclosure."""
    return (
        CreditBatch.objects.filter(product__is_public=True)
        .filter(undisclosed_projects_q("project__"))
        .select_related("project", "product")
        .order_by("project__name", "vintage", "pk")
    )
