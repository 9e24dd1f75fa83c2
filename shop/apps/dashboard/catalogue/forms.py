"""Dashboard catalogue forms, forked: a credit batch's product goes public only with its project disclosed."""

from django.core.exceptions import ValidationError
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue.forms import *  # noqa: F403  (Oscar's fork pattern)

from offsets import services


class ProductForm(oscar_forms.ProductForm):
    def clean(self):
        cleaned_data = super().clean()
        try:
            services.product_publish_check(
                product=self.instance, is_public=bool(cleaned_data.get("is_public"))
            )
        except ValidationError as error:
            self.add_error("is_public", error)
        return cleaned_data
