"""Server-side SVG charts, the one kit of the platform (the territories' dashboards, the aid
plans, the course ratings in the admin): Python lays the shapes out in viewBox units, the
templates under templates/charts/ draw them, the classes of static/css/charts.css colour them.
No JavaScript and no inline style: the CSP forbids both.

Every chart takes plain points, (label, value or None, display text), so any series fits: a
hidden value (suppressed, missing) is drawn as no bar, with its text ("< 5", "données
manquantes") where the bar would be. Each chart carries the table of the same numbers and a
one-sentence summary; the viewBox is 320 units wide, so that text is read at its size on a
320 px screen and the figure scales up to its container.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _

Number = int | float | Decimal
Point = tuple[str, Number | None, str]  # label, value (None: hidden or missing), display text

WIDTH = 320
TEXT_ROOM = 72  # right of the longest bar, for its value ("100 % (12)" at 13 units)
SERIES_CLASSES = 3  # .chart-bar--s0 … s2 in static/css/charts.css


@dataclass
class Bar:
    label: str
    display: str
    drawn: bool
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    label_y: float = 0
    series: int = 0
    hidden: bool = False  # no value (suppressed, missing): its text is set apart; a zero is not


@dataclass
class Chart:
    """What a chart template needs: ids for aria-labelledby, the geometry, the table's rows.
    Render it with `{% include chart.template with chart=chart only %}`; `heading` (2 to 6)
    makes its title a heading of that level rather than bold text, where the page outline needs it."""

    id: str
    title: str
    summary: str
    height: float
    bars: list[Bar]
    headers: list[str]
    rows: list[list[str]]
    template: str
    series: list[str] = field(default_factory=list)
    groups: list[tuple[str, float]] = field(default_factory=list)  # grouped charts: (label, y)
    baseline: float = 0
    width: int = WIDTH
    heading: int = 0


def _scale(values: Sequence[Number | None], maximum: Number | None) -> float:
    top = float(maximum) if maximum else max((float(value) for value in values if value is not None), default=0)
    return top if top > 0 else 1


def _summary_of(points: Sequence[Point]) -> str:
    shown = [(label, value, text) for label, value, text in points if value is not None]
    if not shown:
        return _("Aucune valeur n'est affichable.")
    high = max(shown, key=lambda point: float(point[1] or 0))
    low = min(shown, key=lambda point: float(point[1] or 0))
    if high is low:
        return _("%(label)s : %(value)s.") % {"label": high[0], "value": high[2]}
    return _(
        "La valeur la plus haute est celle de %(high)s (%(high_value)s), "
        "la plus basse celle de %(low)s (%(low_value)s)."
    ) % {
        "high": high[0],
        "high_value": high[2],
        "low": low[0],
        "low_value": low[2],
    }


def bar_chart(
    title: str,
    points: Sequence[Point],
    *,
    value_header: str,
    label_header: str = "",
    maximum: Number | None = None,
    summary: str = "",
    by_series: bool = False,
    chart_id: str = "",
    heading: int = 0,
) -> Chart:
    """Horizontal bars, one per point, each with its label above it: long labels fit at 320 px.
    `by_series`: each bar in its series' colour (the points are series, as in a grouped chart)."""
    row, bar_height = 40, 16
    scale = (WIDTH - TEXT_ROOM) / _scale([value for _label, value, _text in points], maximum)
    bars = []
    for index, (label, value, display) in enumerate(points):
        top = index * row
        width = float(value) * scale if value is not None else 0
        bars.append(
            Bar(
                label=label,
                display=display,
                drawn=value is not None and width > 0,
                hidden=value is None,
                x=0,
                y=top + 18,
                width=round(width, 1),
                height=bar_height,
                text_x=round(width + 4, 1),
                text_y=top + 31,
                label_y=top + 13,
                series=index % SERIES_CLASSES if by_series else 0,
            )
        )
    return Chart(
        id=chart_id or _chart_id(title),
        title=title,
        summary=summary or _summary_of(points),
        height=max(row * len(points), row),
        bars=bars,
        headers=[label_header or _("Libellé"), value_header],
        rows=[[label, display] for label, _value, display in points],
        template="charts/bars.html",
        heading=heading,
    )


def grouped_bar_chart(
    title: str,
    groups: Sequence[tuple[str, Sequence[Point]]],
    *,
    series: Sequence[str],
    maximum: Number | None = None,
    summary: str = "",
    group_header: str = "",
    chart_id: str = "",
    heading: int = 0,
) -> Chart:
    """Per group (an indicator, an answer), one horizontal bar per series (this campaign, the
    previous one, the parent territory; before and after a course); each series its own class,
    named in the legend (left out for a single series) and the table."""
    group_gap, bar_height, label_room = 10, 14, 18
    values = [value for _group, points in groups for _label, value, _text in points]
    scale = (WIDTH - TEXT_ROOM) / _scale(values, maximum)
    bars: list[Bar] = []
    labels: list[tuple[str, float]] = []
    top = 0.0
    for group_label, points in groups:
        labels.append((group_label, top + 13))
        top += label_room
        for index, (_label, value, display) in enumerate(points):
            width = float(value) * scale if value is not None else 0
            bars.append(
                Bar(
                    label=series[index],
                    display=display,
                    drawn=value is not None and width > 0,
                    hidden=value is None,
                    x=0,
                    y=top,
                    width=round(width, 1),
                    height=bar_height,
                    text_x=round(width + 4, 1),
                    text_y=top + 11,
                    series=index % SERIES_CLASSES,
                )
            )
            top += bar_height + 2
        top += group_gap
    if not summary:
        first = [(group_label, points[0][1], points[0][2]) for group_label, points in groups if points]
        summary = _summary_of(first)
    return Chart(
        id=chart_id or _chart_id(title),
        title=title,
        summary=summary,
        height=max(top, 40),
        bars=bars,
        headers=[group_header or _("Indicateur"), *series],
        rows=[[group_label, *(text for _label, _value, text in points)] for group_label, points in groups],
        template="charts/grouped.html",
        series=list(series),
        groups=labels,
        heading=heading,
    )


def column_chart(
    title: str,
    points: Sequence[Point],
    *,
    value_header: str,
    label_header: str = "",
    summary: str = "",
    chart_id: str = "",
    heading: int = 0,
) -> Chart:
    """Vertical columns (a trend over quarters, say), labels under the axis, values above each
    column; a hidden value has no column and its text sits on the axis."""
    plot_top, plot_height, label_room = 16, 140, 30
    count = max(len(points), 1)
    slot = WIDTH / count
    scale = plot_height / _scale([value for _label, value, _text in points], None)
    baseline = plot_top + plot_height
    bars = []
    for index, (label, value, display) in enumerate(points):
        height = float(value) * scale if value is not None else 0
        width = min(slot * 0.6, 48)
        x = index * slot + (slot - width) / 2
        bars.append(
            Bar(
                label=label,
                display=display,
                drawn=value is not None and height > 0,
                hidden=value is None,
                x=round(x, 1),
                y=round(baseline - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                text_x=round(index * slot + slot / 2, 1),
                text_y=round(baseline - height - 4, 1),
                label_y=baseline + 16,
            )
        )
    return Chart(
        id=chart_id or _chart_id(title),
        title=title,
        summary=summary or _summary_of(points),
        height=baseline + label_room,
        bars=bars,
        headers=[label_header or _("Période"), value_header],
        rows=[[label, display] for label, _value, display in points],
        template="charts/columns.html",
        baseline=baseline,
        heading=heading,
    )


def _chart_id(title: str) -> str:
    """From the title: unique on a page whose charts have distinct titles; pass `chart_id` where
    two charts may share a title (two questions worded alike)."""
    return "graphique-" + (slugify(title)[:40] or "sans-titre")
