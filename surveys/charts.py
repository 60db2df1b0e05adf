"""Horizontal bar charts drawn on the server as SVG (no script, no inline style): the geometry is
computed here, the template only writes it out, and the colours are CSS classes in
static/css/charts.css. Each chart is shown with its table and a one-sentence summary."""

from dataclasses import dataclass

from surveys.course_results import Distribution

WIDTH = 400
LABEL_WIDTH = 130  # the value's label, left of the bars
BAR_SPACE = 230  # 100 % of answers
BAR_HEIGHT = 14
GAP = 10
LEGEND_HEIGHT = 24


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str  # chart__bar--before, chart__bar--after, chart__bar--single
    distribution: Distribution | None  # None: not enough answers, the series is left out


def bar_chart(series: list[Series]) -> dict:
    """One row per value (1 to 5, or each choice), one bar per series in each row."""
    drawn = [(item, item.distribution) for item in series if item.distribution is not None]
    if not drawn:
        return {}
    rows = []
    y = LEGEND_HEIGHT if len(drawn) > 1 else 0
    for index, bar in enumerate(drawn[0][1].bars):
        row_top = y
        bars = []
        for item, distribution in drawn:
            percent = distribution.bars[index].percent
            width = round(BAR_SPACE * percent / 100, 1)
            bars.append(
                {
                    "y": y,
                    "width": width,
                    "css_class": item.css_class,
                    "percent": percent,
                    "text_x": LABEL_WIDTH + width + 4,
                    "text_y": y + BAR_HEIGHT - 3,
                }
            )
            y += BAR_HEIGHT + 2
        rows.append({"label": bar.label, "label_y": (row_top + y) / 2 + 3, "bars": bars})
        y += GAP
    legend = [
        {"name": item.name, "css_class": item.css_class, "x": 140 * position, "text_x": 140 * position + 16}
        for position, (item, _distribution) in enumerate(drawn)
    ]
    return {
        "width": WIDTH,
        "height": y,
        "label_x": LABEL_WIDTH - 6,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "rows": rows,
        "legend": legend if len(drawn) > 1 else [],
    }
