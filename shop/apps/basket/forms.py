from django.utils.translation import gettext_lazy as _
from oscar.apps.basket.forms import *  # noqa: F403  (Oscar's fork pattern)
from oscar.apps.basket.forms import BasketLineForm as OscarBasketLineForm


class BasketLineForm(OscarBasketLineForm):
    """A basket line's quantity box is named for screen readers (Oscar's shows no label)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "quantity" in self.fields:
            self.fields["quantity"].widget.attrs.setdefault("aria-label", _("Tonnes (t-CO2)"))
