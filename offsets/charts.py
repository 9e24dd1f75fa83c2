"""The ledger's charts: a project's issued / sold / retired tonnes over time, drawn as SVG on the server.

Plain SVG, no chart library and no script: the page stays within its Content-Security-Policy
and prints. Colours and line styles come from attributes (not inline styles, which the policy
refuses); each series also differs by dash pattern, so it reads without colour. The SVG has a
title and a description for screen readers; the page shows the same figures as a table.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .ledger import ChartMonth, ProjectLedger

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 36, 16, 56


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str
    dash: str


def _series() -> list[Series]:
    return [
        Series("issued", _("Issued"), "#6c757d", "6 4"),
        Series("sold", _("Sold"), "#0d6efd", ""),
        Series("retired", _("Retired"), "#198754", "2 3"),
    ]


def _month_label(month: ChartMonth) -> str:
    return f"{month.month:%Y-%m}"


def project_chart_svg(*, project: ProjectLedger, element_id: str) -> SafeString:
    """The SVG of ``project``'s cumulative tonnes per month; empty when it has no history yet."""
    months = project.months
    if not months:
        return mark_safe("")
    series = _series()
    top_value = max(max(month.issued, month.sold, month.retired) for month in months) or 1
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(months) - 1, 1)

    def x(index: int) -> float:
        return LEFT + (index * step if len(months) > 1 else plot_width / 2)

    def y(value: int) -> float:
        return TOP + plot_height - value * plot_height / top_value

    name = str(project.project)
    title = _("%(project)s: tonnes issued, sold and retired over time") % {"project": name}
    last = months[-1]
    description = _(
        "Cumulative tonnes per month from %(first)s to %(last)s. At the end: "
        "%(issued)s t issued, %(sold)s t sold, %(retired)s t retired."
    ) % {
        "first": _month_label(months[0]),
        "last": _month_label(last),
        "issued": number_format(last.issued, force_grouping=True),
        "sold": number_format(last.sold, force_grouping=True),
        "retired": number_format(last.retired, force_grouping=True),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ledger-chart" id="{escape(element_id)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{escape(element_id)}-title {escape(element_id)}-desc">',
        f'<title id="{escape(element_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(element_id)}-desc">{escape(description)}</desc>',
    ]
    # Axes and the gridlines at 0, half and the top value.
    for value in (0, top_value // 2, top_value):
        parts.append(
            f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}" '
            f'stroke="#dee2e6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="#495057">'
            f"{escape(number_format(value, force_grouping=True))} t</text>"
        )
    # Month labels: about six along the axis, always the first and the last.
    every = max(1, round(len(months) / 6))
    for index, month in enumerate(months):
        if index % every == 0 or index == len(months) - 1:
            parts.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'font-size="11" fill="#495057">{_month_label(month)}</text>'
            )
    for line in series:
        values = [getattr(month, line.key) for month in months]
        points = " ".join(f"{x(index):.1f},{y(value):.1f}" for index, value in enumerate(values))
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        parts.append(
            f'<polyline class="series-{line.key}" fill="none" stroke="{line.colour}" stroke-width="2"'
            f'{dash} points="{points}"/>'
        )
        if len(months) == 1:
            parts.append(f'<circle cx="{x(0):.1f}" cy="{y(values[0]):.1f}" r="3" fill="{line.colour}"/>')
    # The legend, under the month labels.
    legend_x = LEFT
    for line in series:
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        legend_y = HEIGHT - 14
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y}" x2="{legend_x + 24}" y2="{legend_y}" '
            f'stroke="{line.colour}" stroke-width="2"{dash}/>'
        )
        parts.append(
            f'<text x="{legend_x + 30}" y="{legend_y + 4}" font-size="12" fill="#212529">'
            f"{escape(line.label)}</text>"
        )
        legend_x += 130
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped or a number
