"""The member's API keys page (/accounts/api-keys/): create a key (shown this once), see when each was
last used, revoke one. The page is never cached, and the new key is in this one answer only: the shop
keeps its digest, so a key that is lost is revoked and replaced, never shown again."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from oscar.core.loading import get_class

from legal.privacy.retention_table import retention_period_text
from shop.api.models import ApiKey
from shop.api.services import ApiKeyRefused, api_key_create, api_key_revoke

PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the key"),
        max_length=100,
        help_text=gettext_lazy("What the key is for, e.g. the system that will use it."),
    )


def _page(request, *, form, new_key=None, status=200):
    context = {
        "form": form,
        "new_key": new_key,
        "api_keys": ApiKey.objects.filter(user=request.user),
        "active_tab": "api_keys",
        "page_title": _("API keys"),
        "access_record_period": retention_period_text(settings.PERSONAL_DATA_RETENTION_DAYS["api_access"]),
    }
    return TemplateResponse(request, "oscar/customer/api_keys.html", context, status=status)


def api_keys(request):
    """GET: the member's keys and the form; POST: create a key and show it, this once."""
    if request.method != "POST":
        return _page(request, form=ApiKeyForm())
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        new_key = api_key_create(user=request.user, name=form.cleaned_data["name"])
    except ApiKeyRefused as refused:
        form.add_error(None, str(refused))
        return _page(request, form=form, status=400)
    return _page(request, form=ApiKeyForm(), new_key=new_key)


@require_POST
def api_key_revoke_view(request, key_id: int):
    try:
        key = api_key_revoke(user=request.user, key_id=key_id)
    except ApiKeyRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("The API key “%(name)s” is revoked: it no longer works.") % {"name": key.name}
        )
    return redirect("customer:api-keys")
