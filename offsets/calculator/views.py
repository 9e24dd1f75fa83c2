"""The calculator page, "offset this" and the JSON estimate (parse input, call one selector or service)."""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.http import client_network
from common.throttle import HourlyLimit, throttle_count, throttle_exceeded

from . import services
from .chart import breakdown_svg
from .forms import FootprintForm, OffsetForm
from .selectors import FootprintEstimate, FootprintRefused, footprint_estimate
from .statement import decimal_text, working_lines


def _estimate(form: FootprintForm) -> FootprintEstimate:
    return footprint_estimate(
        period=form.period(),
        amounts=form.amounts(),
        electricity_menu=form.cleaned_data.get("electricity_menu") or "",
    )


def _result_context(estimate: FootprintEstimate) -> dict:
    language = get_language() or "ja"
    lines = working_lines([line.snapshot() for line in estimate.lines], language=language)
    return {
        "estimate": estimate,
        "lines": lines,
        "period_label": estimate.period.label(language),
        "tonnes_exact": decimal_text(estimate.tonnes_exact),
        "kg_co2": decimal_text(estimate.kg_co2),
        "chart": breakdown_svg(lines=lines, title=_("Emissions by source (t-CO2)")),
    }


@require_GET
def calculator(request):
    """The form; with input (a GET: a result can be bookmarked) the working, the chart and "offset this"."""
    if not request.GET:
        return render(request, "offsets/calculator.html", {"form": FootprintForm()})
    form = FootprintForm(request.GET)
    context = {"form": form}
    status = 200
    if form.is_valid():
        try:
            estimate = _estimate(form)
        except FootprintRefused as refused:
            context["refusal"] = refused.message
            status = 400
        else:
            context.update(_result_context(estimate))
            context["offset_form"] = OffsetForm(initial=form.cleaned_data)
    else:
        status = 400
    return render(request, "offsets/calculator.html", context, status=status)


@require_POST
def calculator_offset(request):
    """ "Offset this": the rounded-up tonnes of the chosen project into the basket, with the calculation."""
    form = OffsetForm(request.POST)
    refusal = ""
    if form.is_valid():
        try:
            estimate = _estimate(form)
            calculation = services.footprint_offset(
                estimate=estimate, basket=request.basket, product=form.cleaned_data["batch"].product
            )
        except FootprintRefused as refused:
            refusal = refused.message
        else:
            messages.success(
                request,
                _("%(tonnes)s t-CO2 added to your basket to offset your estimate.")
                % {"tonnes": calculation.tonnes_to_buy},
            )
            return redirect("basket:summary")
    context = {"form": FootprintForm(request.POST), "offset_form": form, "refusal": refusal}
    if context["form"].is_valid():
        with contextlib.suppress(FootprintRefused):
            context.update(_result_context(_estimate(context["form"])))
    return render(request, "offsets/calculator.html", context, status=400)


def _api_limit(request) -> list[HourlyLimit]:
    per_ip = settings.CALCULATOR_API_PER_HOUR_PER_IP
    return [HourlyLimit(f"calculator-api:ip:{client_network(request)}", per_ip)]


@require_GET
def estimate_api(request):
    """GET /api/footprint/estimate/?fiscal_year=2025&electricity_kwh=4200 → the estimate as JSON.

    Bad input answers 400 with a message per field; more than CALCULATOR_API_PER_HOUR_PER_IP
    requests an hour from one address answer 429. Messages are in English, or in Japanese with
    ``lang=ja`` (the endpoint has no language prefix).
    """
    with translation.override("ja" if request.GET.get("lang") == "ja" else "en"):
        return _estimate_answer(request)


def _estimate_answer(request):
    limits = _api_limit(request)
    if throttle_exceeded(limits=limits):
        response = JsonResponse(
            {"error": _("Too many requests from your address. Please try again within an hour.")}, status=429
        )
        response["Retry-After"] = "3600"
        return response
    throttle_count(limits=limits)
    form = FootprintForm(request.GET)
    if not form.is_valid():
        errors = {field: [str(message) for message in messages_] for field, messages_ in form.errors.items()}
        message = "; ".join(
            message if field == "__all__" else f"{field}: {message}"
            for field, messages_ in errors.items()
            for message in messages_
        )
        return JsonResponse({"error": message, "fields": errors}, status=400)
    try:
        estimate = _estimate(form)
    except FootprintRefused as refused:
        return JsonResponse({"error": refused.message, "fields": {}}, status=400)
    return JsonResponse(estimate_json(estimate))


def estimate_json(estimate: FootprintEstimate) -> dict:
    """The estimate as the API answers it: exact figures as decimal strings, factors with their source."""
    return {
        "period": {
            "fiscal_year": estimate.period.fiscal_year,
            "month": estimate.period.month,
            "starts_on": estimate.period.starts_on.isoformat(),
            "ends_on": estimate.period.ends_on.isoformat(),
        },
        "lines": [
            {
                "activity": line.activity,
                "amount": f"{line.amount:f}",
                "unit": line.unit,
                "factor": {
                    "id": line.factor.pk,
                    "version": line.factor.version,
                    "kg_co2_per_unit": f"{line.factor.value:f}",
                    "fiscal_year": line.factor.fiscal_year,
                    "retailer": line.factor.supplier,
                    "menu": line.factor.menu,
                    "menu_code": line.factor.menu_code,
                    "source": line.factor.source_title,
                    "source_url": line.factor.source_url,
                    "demo_value": line.factor.is_demo,
                },
                "kg_co2": f"{line.kg_co2:f}",
                "t_co2": f"{line.tonnes:f}",
            }
            for line in estimate.lines
        ],
        "kg_co2": f"{estimate.kg_co2:f}",
        "t_co2": f"{estimate.tonnes_exact:f}",
        "tonnes_to_offset": estimate.tonnes_to_buy,
        "demo_values_used": estimate.has_demo_factors,
    }
