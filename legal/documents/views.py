"""Legal pages: a document in force, its history, one version, a diff; re-acceptance; notices; preview."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from legal.cookies.forms import cookie_settings_form

from . import selectors, services
from .forms import AcceptChangesForm, DiffForm
from .models import Acceptance, ChangeNotice, DocumentKind, DocumentVersion
from .rendering import render_markdown


def _kind_or_404(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise Http404
    return kind


def _document_context(kind, version, in_force, upcoming) -> dict:
    return {
        "kind": kind,
        "version": version,
        "state": selectors.version_state(version=version, in_force=in_force),
        "body": render_markdown(version.localized("body")),
        "in_force": in_force,
        "upcoming": upcoming,
    }


class DocumentView(TemplateView):
    """``/legal/<kind>/``: the version in force, and any upcoming one announced."""

    template_name = "legal/document.html"

    def get_context_data(self, kind: str, **kwargs):
        kind = _kind_or_404(kind)
        in_force = selectors.version_in_force(kind=kind)
        upcoming = selectors.version_upcoming(kind=kind)
        shown = in_force or upcoming
        if shown is None:
            raise Http404
        context = _document_context(kind, shown, in_force, upcoming)
        if kind == DocumentKind.COOKIES:
            # The cookie policy is also where a visitor changes their choice.
            context["cookie_settings_form"] = cookie_settings_form(request=self.request)
        return super().get_context_data(**context, **kwargs)


class VersionView(TemplateView):
    """``/legal/<kind>/v<N>/``: one published version, marked when it is not the one in force."""

    template_name = "legal/document.html"

    def get_context_data(self, kind: str, number: int, **kwargs):
        version = selectors.version_by_number(kind=_kind_or_404(kind), number=number)
        if version is None:
            raise Http404
        context = _document_context(
            kind, version, selectors.version_in_force(kind=kind), selectors.version_upcoming(kind=kind)
        )
        return super().get_context_data(**context, **kwargs)


class HistoryView(TemplateView):
    template_name = "legal/history.html"

    def get_context_data(self, kind: str, **kwargs):
        versions = list(selectors.versions_published(kind=_kind_or_404(kind)))
        if not versions:
            raise Http404
        return super().get_context_data(
            kind=kind,
            kind_label=DocumentKind(kind).label,
            versions=versions,
            in_force=selectors.version_in_force(kind=kind),
            **kwargs,
        )


def diff_view(request: HttpRequest, kind: str) -> HttpResponse:
    """``/legal/<kind>/diff/?from=1&to=2``: what changed between two published versions."""
    kind = _kind_or_404(kind)
    form = DiffForm(request.GET)
    if not form.is_valid():
        return render(request, "legal/diff.html", {"kind": kind, "form": form}, status=400)
    older = selectors.version_by_number(kind=kind, number=form.cleaned_data["from_number"])
    newer = selectors.version_by_number(kind=kind, number=form.cleaned_data["to_number"])
    if older is None or newer is None:
        raise Http404
    lines = list(
        difflib.unified_diff(
            older.localized("body").splitlines(),
            newer.localized("body").splitlines(),
            fromfile=f"v{older.number}",
            tofile=f"v{newer.number}",
            lineterm="",
            n=2,
        )
    )
    diff_lines = [(_line_kind(line), line) for line in lines[2:]]  # drop the ---/+++ header
    return render(
        request,
        "legal/diff.html",
        {"kind": kind, "kind_label": DocumentKind(kind).label, "older": older, "newer": newer,
         "diff_lines": diff_lines},
    )  # fmt: skip


def _line_kind(line: str) -> str:
    if line.startswith("@@"):
        return "hunk"
    return {"+": "added", "-": "removed"}.get(line[:1], "same")


@method_decorator(login_required, name="dispatch")
class AcceptChangesView(View):
    """``/legal/accept/``: a member accepts changed terms / privacy policy (material changes)."""

    template_name = "legal/accept.html"

    def get(self, request):
        required = selectors.reacceptance_required(user=request.user)
        form = AcceptChangesForm(required_versions=required)
        return render(request, self.template_name, {"required": required, "form": form})

    def post(self, request):
        required = selectors.reacceptance_required(user=request.user)
        if not required:
            return HttpResponseRedirect(self._next_url(request))
        form = AcceptChangesForm(request.POST, required_versions=required)
        if not form.is_valid():
            return render(request, self.template_name, {"required": required, "form": form}, status=400)
        services.acceptances_record(
            versions=required, context=Acceptance.Context.REACCEPTANCE, user=request.user
        )
        messages.success(request, _("Thank you. Your acceptance has been recorded."))
        return HttpResponseRedirect(self._next_url(request))

    def _next_url(self, request) -> str:
        next_url = request.POST.get("next") or request.GET.get("next") or ""
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            return next_url
        return reverse("home")  # the home page in the request's language


@require_POST
@login_required
def notice_seen(request: HttpRequest, pk: int) -> HttpResponse:
    """Dismiss a change notice banner."""
    notice = get_object_or_404(ChangeNotice, pk=pk, user=request.user)
    services.notice_mark_seen(notice=notice)
    next_url = request.POST.get("next", "")
    on_this_site = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    if not (next_url and on_this_site):
        next_url = reverse("home")  # the home page in the request's language
    return HttpResponseRedirect(next_url)


class PreviewView(PermissionRequiredMixin, TemplateView):
    """A draft as it will look, for legal editors only."""

    permission_required = "legal.change_documentversion"
    template_name = "legal/document.html"

    def get_context_data(self, pk: int, **kwargs):
        version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=pk)
        return super().get_context_data(**_document_context(version.kind, version, None, None), **kwargs)
