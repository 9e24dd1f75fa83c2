from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from oscar.apps.catalogue.admin import *  # noqa: F403  (Oscar's fork pattern)
from oscar.apps.catalogue.admin import ProductAdmin as OscarProductAdmin
from oscar.core.loading import get_model

from offsets import services

Product = get_model("catalogue", "Product")


class ProductAdminForm(forms.ModelForm):
    """A credit batch's product goes public only when its project's required disclosures are filled.

    No Meta: the admin builds the form's fields from ProductAdmin, as for Oscar's own.
    """

    def clean(self):
        cleaned_data = super().clean()
        try:
            services.product_publish_check(
                product=self.instance, is_public=bool(cleaned_data.get("is_public"))
            )
        except ValidationError as error:
            self.add_error("is_public" if "is_public" in self.fields else None, error)
        return cleaned_data


class ProductAdmin(OscarProductAdmin):
    """A credit batch's product: its title, address, description and whether it is on sale.

    The tonnes, price and serials belong to the batch (offsets admin), which keeps the product in
    step; Oscar's attributes, options, UPCs and recommendations mean nothing for a batch.
    """

    form = ProductAdminForm
    list_display = ("get_title", "get_product_class", "is_public", "date_created")
    list_filter = ["is_public"]
    fields = ["title", "slug", "description", "is_public"]
    inlines = [CategoryInline]  # noqa: F405  (Oscar's, imported with *)
    search_fields = ["title"]


admin.site.unregister(Product)
admin.site.register(Product, ProductAdmin)
