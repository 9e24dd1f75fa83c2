"""The breakdown by source as a plain SVG bar chart, drawn on the server (no chart library, no script).

Colours and sizes are SVG presentation attributes, not inline styles, so the page's
Content-Security-Policy needs no exception.
"""

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from .models import Activity
from .statement import WorkingLine

COLOURS = {
    Activity.ELECTRICITY: "#2f6b4f",
    Activity.CITY_GAS: "#4f7fa8",
    Activity.LP_GAS: "#8a6fb0",
    Activity.GASOLINE: "#c0793a",
    Activity.DIESEL: "#8c5a3c",
}
WIDTH = 640
LABEL_WIDTH = 170
VALUE_WIDTH = 110
ROW_HEIGHT = 30
BAR_HEIGHT = 18


def breakdown_svg(*, lines: list[WorkingLine], title: str) -> str:
    """An accessible SVG (``role="img"`` with a title) with one bar per source, scaled to the largest."""
    largest = max((line.tonnes_value for line in lines), default=Decimal(0))
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW_HEIGHT * max(len(lines), 1) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="footprint-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-labelledby="footprint-chart-title">',
        f'<title id="footprint-chart-title">{escape(title)}</title>',
    ]
    for row, line in enumerate(lines):
        y = 5 + row * ROW_HEIGHT
        share = line.tonnes_value / largest if largest else Decimal(0)
        bar = int(bar_space * share)
        label = line.name  # the retailer and menu are in the working table beside the chart
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end" font-size="13" '
            f'fill="#1f2a24">{escape(label[:28])}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(bar, 1)}" height="{BAR_HEIGHT}" '
            f'fill={quoteattr(COLOURS.get(line.activity, "#555"))} rx="2"/>',
            f'<text x="{LABEL_WIDTH + max(bar, 1) + 6}" y="{y + BAR_HEIGHT - 4}" font-size="13" '
            f'fill="#1f2a24">{escape(line.tonnes)} t-CO2</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
