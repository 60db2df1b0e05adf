"""The SVG chart kit (lms.charts): an image with a name and a summary, the same numbers in its
table, hidden values not drawn, sizes from the viewBox and classes only (the CSP forbids inline
style), series colours that keep their contrast."""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from lms.charts import bar_chart, column_chart, grouped_bar_chart

QUARTERS = [("T1 2026", 12, "12"), ("T2 2026", None, "< 5"), ("T3 2026", 30, "30"), ("T4 2026", 0, "0")]


def render(template: str, chart) -> str:
    return render_to_string(f"charts/{template}.html", {"chart": chart})


def svg_of(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")]


def table_of(html: str) -> list[list[str]]:
    table = html[html.index("<table") : html.index("</table>")]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_column_chart_is_a_named_image_with_the_same_numbers_in_its_table():
    """role="img", labelled by its <title> and <desc>; the table beside it carries every value and text."""
    chart = column_chart("Personnes formées par trimestre", QUARTERS, value_header="Personnes formées")
    html = render("columns", chart)
    svg = svg_of(html)
    assert 'role="img"' in svg
    title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg).groups()
    assert f'<title id="{title_id}">Personnes formées par trimestre</title>' in svg
    assert f'<desc id="{desc_id}">' in svg
    assert table_of(html) == [
        ["Période", "Personnes formées"],
        ["T1 2026", "12"],
        ["T2 2026", "&lt; 5"],
        ["T3 2026", "30"],
        ["T4 2026", "0"],
    ]
    assert "T3 2026 (30)" in chart.summary and "T4 2026 (0)" in chart.summary


def test_a_suppressed_value_is_not_drawn_but_its_text_is():
    """Three values, one hidden: two columns at most (a zero draws none), and "< 5" written on the axis."""
    html = render("columns", column_chart("Tendance", QUARTERS, value_header="Personnes"))
    svg = svg_of(html)
    assert svg.count("<rect") == 2
    assert "&lt; 5</text>" in svg
    heights = [float(height) for height in re.findall(r'<rect[^>]* height="([\d.]+)"', svg)]
    assert max(heights) == 140.0 and heights[0] == 56.0  # 12 of 30 on a 140-unit plot


def test_bars_scale_to_the_maximum_and_keep_numbers_unlocalised():
    """A share of 50 out of 100 is half the plot; SVG numbers use a dot even in French."""
    chart = bar_chart("Parts", [("Fibre", 50, "50 %"), ("ADSL", 12.5, "12,5 %")], value_header="%", maximum=100)
    svg = svg_of(render("bars", chart))
    widths = re.findall(r'<rect[^>]* width="([^"]+)"', svg)
    assert widths == ["124.0", "31.0"]
    assert 'viewBox="0 0 320 80"' in svg


def test_grouped_chart_has_a_legend_a_class_per_series_and_a_full_table():
    """Each series its own class and legend entry; the table has one column per series; a missing value draws no bar."""
    series = ["Dernière campagne", "Campagne précédente", "Région"]
    chart = grouped_bar_chart(
        "Comparaison",
        [
            ("Fibre", [("a", 50, "50 %"), ("b", 33, "33 %"), ("c", 57, "57 %")]),
            ("ENT", [("a", None, "moins de 3 réponses"), ("b", 10, "10 %"), ("c", 71, "71 %")]),
        ],
        series=series,
        maximum=100,
    )
    html = render("grouped", chart)
    svg = svg_of(html)
    assert svg.count("<rect") == 5
    for index in range(3):
        assert f"chart-bar--s{index}" in svg and f"chart-swatch--s{index}" in html
    assert table_of(html)[0] == ["Indicateur", *series]
    assert table_of(html)[2] == ["ENT", "moins de 3 réponses", "10 %", "71 %"]


def test_charts_carry_no_inline_style_or_script():
    """The CSP forbids inline style and script: charts use classes only, and scale by their viewBox."""
    for template, chart in (
        ("columns", column_chart("T", QUARTERS, value_header="v")),
        ("bars", bar_chart("B", QUARTERS, value_header="v")),
        ("grouped", grouped_bar_chart("G", [("g", QUARTERS[:3])], series=["x", "y", "z"])),
    ):
        html = render(template, chart)
        assert "style=" not in html and "<script" not in html and "<style" not in html
        assert re.search(r'<svg class="chart-svg" viewBox="0 0 320 [\d.]+"', html)
        assert " width=" not in html[html.index("<svg") : html.index(">", html.index("<svg"))]


def test_each_chart_names_its_own_template():
    """`{% include chart.template %}` draws a chart of any kind: each builder names its template."""
    charts = [
        column_chart("T", QUARTERS, value_header="v"),
        bar_chart("B", QUARTERS, value_header="v"),
        grouped_bar_chart("G", [("g", QUARTERS[:2])], series=["x", "y"]),
    ]
    for chart in charts:
        html = render_to_string(chart.template, {"chart": chart})
        assert f'<title id="{chart.id}-titre">{chart.title}</title>' in html


def test_a_given_id_keeps_two_charts_of_the_same_title_apart():
    """Two questions worded alike on one page: the caller's ids, not the title, name the <title>s."""
    first = grouped_bar_chart("Utile ?", [("1", [("a", 20, "20 %")])], series=["Apprenants"], chart_id="q-1")
    second = grouped_bar_chart("Utile ?", [("1", [("a", 40, "40 %")])], series=["Apprenants"], chart_id="q-2")
    html = render("grouped", first) + render("grouped", second)
    ids = re.findall(r'<title id="([^"]+)"', html)
    assert ids == ["q-1-titre", "q-2-titre"]
    assert html.count('aria-labelledby="q-1-titre q-1-resume"') == 1


def test_a_single_series_has_no_legend_and_a_heading_when_asked():
    """One series needs no legend; `heading=4` makes the title an <h4> in the page outline."""
    chart = grouped_bar_chart(
        "Clarté", [("1", [("a", 25, "25 % (1)")]), ("2", [("a", 75, "75 % (3)")])], series=["Apprenants"], heading=4
    )
    html = render("grouped", chart)
    assert "chart-legend" not in html
    assert '<h4 class="chart-title">Clarté</h4>' in html
    assert "chart-legend" in render(
        "grouped", grouped_bar_chart("Avant, après", [("1", QUARTERS[:2])], series=["Avant", "Après"])
    )


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_series_colours_keep_their_contrast_on_white_and_differ():
    """Bars 3:1 against the white background (WCAG 1.4.11), text 4.5:1 (1.4.3); no two series alike."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "charts.css").read_text(encoding="utf-8")
    variables = dict(re.findall(r"--chart-([\w-]+):\s*(?:var\([^,]+,\s*)?(#[0-9a-fA-F]{6})", css))
    series = [variables[f"s{index}"] for index in range(3)]
    assert all(_contrast(colour, "#ffffff") >= 3 for colour in series)
    assert _contrast(variables["text"], "#ffffff") >= 4.5 and _contrast(variables["muted"], "#ffffff") >= 4.5
    assert len({colour.lower() for colour in series}) == 3
    assert _contrast(series[0], series[1]) >= 2  # light and dark series apart in greyscale too


def test_a_zero_is_written_plainly_and_only_a_hidden_value_set_apart():
    """A zero draws no bar but is a figure like the others; "< 5" (no value) gets the muted, italic class."""
    svg = svg_of(render("columns", column_chart("Tendance", QUARTERS, value_header="Personnes")))
    values = re.findall(r'<text class="(chart-value[^"]*)"[^>]*>([^<]*)</text>', svg)
    assert [text for css, text in values if "hidden" in css] == ["&lt; 5"]
    assert ("chart-value chart-value--middle", "0") in values
