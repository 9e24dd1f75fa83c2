"""The member's own personal data: a readable page, a JSON file and a PDF (/accounts/privacy/my-data/)."""

import json

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from oscar.core.loading import get_class

from legal.privacy.export import export_for_display, personal_data_export, personal_data_export_pdf

PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")


class PersonalDataView(PageTitleMixin, generic.TemplateView):
    """Everything the personal-data register holds about the signed-in member, nobody else's."""

    template_name = "oscar/customer/privacy/my_data.html"
    page_title = gettext_lazy("Your personal data")
    active_tab = "privacy"
    formats = ("html", "json", "pdf")

    def get(self, request, *args, **kwargs):
        requested = request.GET.get("format", "html")
        if requested not in self.formats:
            return HttpResponseBadRequest(
                _("Unknown format “%(format)s”: ask for json or pdf, or leave it out for the page.")
                % {"format": requested[:20]},
                content_type="text/plain; charset=utf-8",
            )
        export = personal_data_export(user=request.user)
        filename = f"personal-data-{timezone.localdate():%Y%m%d}"
        if requested == "json":
            response = HttpResponse(
                json.dumps(export, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
            return response
        if requested == "pdf":
            response = HttpResponse(personal_data_export_pdf(export), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
            return response
        return self.render_to_response(self.get_context_data(export=export, shown=export_for_display(export)))
