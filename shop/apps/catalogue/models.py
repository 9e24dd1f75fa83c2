"""Catalogue fork: products carry their English title and description.

Japanese (the default language) lives in Oscar's own ``title`` and
``description``; ``get_title`` answers in the visitor's language, so every
Oscar page that shows a product (catalogue, basket, dashboard) follows the
language switch without a query per product.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct
from oscar.apps.catalogue.managers import ProductQuerySet


def _english_active() -> bool:
    return (get_language() or "").startswith("en")


class CreditProductQuerySet(ProductQuerySet):
    def base_queryset(self):
        # Every listing shows the batch's project (image, registry): join it
        # here instead of one query per product.
        return super().base_queryset().select_related("credit_batch__project")


class Product(AbstractProduct):
    objects = CreditProductQuerySet.as_manager()

    title_en = models.CharField(_("Title (English)"), max_length=255, blank=True)
    description_en = models.TextField(_("Description (English)"), blank=True)

    def get_title(self):
        if _english_active():
            title = self.title_en or (self.parent.title_en if self.parent_id else "")
            if title:
                return title
        return super().get_title()

    get_title.short_description = AbstractProduct.get_title.short_description

    def __str__(self) -> str:
        # Oscar's __str__ returns the raw (Japanese) title; basket lines and
        # dashboard lists print products with str().
        return self.get_title() or super().__str__()

    def primary_image(self):
        """The product's own image, else its project's photo, else the shop's offset illustration.

        Oscar's basket and checkout pages show this one image; for a credit batch without an image
        of its own Oscar fell back to its "Image Not Available" placeholder, in English on every page.
        """
        image = super().primary_image()
        if not (isinstance(image, dict) and image.get("is_missing")):
            return image
        batch = getattr(self, "credit_batch", None)  # None for a product that is no credit batch
        if batch is not None and batch.project.image:
            project = batch.project
            return {"original": project.image, "caption": project.localized("name"), "is_missing": False}
        return image  # settings.OSCAR_MISSING_IMAGE_URL: the illustration in static/oscar/img/

    def get_description(self) -> str:
        """The description in the visitor's language (Japanese when none is written)."""
        if _english_active() and self.description_en:
            return self.description_en
        return self.description


from oscar.apps.catalogue.models import *  # noqa: E402,F403,I001  (Oscar's fork pattern)
