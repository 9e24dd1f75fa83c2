"""The publish guard: a batch goes on sale only when its project's required disclosures are filled.

Every path that puts a batch on sale calls ``batch_sale_check``: creating a
batch (its product starts public) or moving it to another project
(``batch_validate``), and ticking "is public" on its product in the Oscar
dashboard or the Django admin (``product_publish_check``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from ..disclosures import project_disclosures_missing
from ..models import CreditBatch, OffsetProject

Product = get_model("catalogue", "Product")


def batch_sale_check(*, project: OffsetProject) -> None:
    """Refuse (ValidationError naming the empty required disclosures) a batch of ``project`` going on sale."""
    missing = project_disclosures_missing(project=project)
    if missing:
        raise ValidationError(
            _(
                "A batch of “%(project)s” cannot be put on sale until the project's required "
                "disclosures are filled in: %(missing)s. Fill them in on the project first."
            )
            % {"project": project, "missing": ", ".join(missing)},
            code="disclosures_missing",
        )


def product_publish_check(*, product, is_public: bool) -> None:
    """Raise ValidationError when making ``product`` public would put an undisclosed batch on sale.

    Only the step onto sale is guarded: a batch already on sale stays on sale
    (staff see it in the list of batches lacking disclosures) and its product
    can still be edited, or taken off sale.
    """
    if not is_public or product.pk is None:
        return
    batch = CreditBatch.objects.select_related("project").filter(product_id=product.pk).first()
    if batch is None:
        return
    already_public = Product.objects.filter(pk=product.pk, is_public=True).exists()
    if not already_public:
        batch_sale_check(project=batch.project)
