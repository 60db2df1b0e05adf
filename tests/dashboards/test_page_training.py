"""The training part of a territory's page: privacy at every level, the sortable children's table,
the per-audience table."""

import itertools
import re

import pytest

from tests.dashboards.test_views import cell_numbers
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


def test_no_page_reveals_4_or_a_difference_of_4(client, departement):
    """Communes of 4, 6 and 20: the département's, the EPCI's and each commune's page show
    neither 4 nor two people counts 4 apart."""
    paths = ["/territoires/departement/07/", "/territoires/epci/240700000/"]
    paths += [f"/territoires/commune/{commune.code}/" for commune in departement["communes"].values()]
    for path in paths:
        numbers = cell_numbers(client.get(path))
        assert 4 not in numbers, path
        for first, second in itertools.combinations(set(numbers), 2):
            assert abs(first - second) != 4, (path, first, second)


def child_names(response) -> list[str]:
    body = page_text(response).split('id="enfants"', 1)[1]
    return re.findall(r'<th scope="row"><a href="/territoires/commune/[^"]+/">([^<]+)</a>', body)


def test_sorting_puts_hidden_cells_last_in_either_order(client, departement):
    """Sorted by people enrolled, A ("< 5") and B ("secret") come after C both ways: a hidden
    cell sorts as unknown, never by its true value."""
    ascending = client.get("/territoires/departement/07/?tri=inscrits&ordre=asc")
    descending = client.get("/territoires/departement/07/?tri=inscrits&ordre=desc")
    assert child_names(ascending)[0] == "C" and child_names(descending)[0] == "C"
    assert child_names(ascending)[1:] == child_names(descending)[1:] == ["A", "B"]
    assert child_names(client.get("/territoires/departement/07/?tri=nom&ordre=desc")) == ["C", "B", "A"]


def test_sorted_column_has_aria_sort_and_a_link_to_reverse_it(client, departement):
    """The sorted header carries aria-sort and links to the other order; unknown keys sort by name."""
    text = page_text(client.get("/territoires/departement/07/?tri=inscrits&ordre=asc"))
    header = re.search(r'<th scope="col" aria-sort="ascending"><a href="([^"]+)"', text)
    assert header and "tri=inscrits&ordre=desc" in header.group(1)
    assert text.count("aria-sort=") == 1
    fallback = client.get("/territoires/departement/07/?tri=nimporte&ordre=asc")
    assert child_names(fallback) == ["A", "B", "C"]


def test_per_audience_table_shows_each_audience(client, departement):
    """The agent audience has the département's 30 people; teachers have none."""
    text = page_text(client.get("/territoires/departement/07/"))
    agent = re.search(r'<tr data-audience="agent">\s*<th scope="row">[^<]+</th>\s*<td>([^<]+)</td>', text)
    teacher = re.search(r'<tr data-audience="teacher">\s*<th scope="row">[^<]+</th>\s*<td>([^<]+)</td>', text)
    assert agent.group(1) == "30" and teacher.group(1) == "0"


def test_quarterly_trend_is_a_chart_that_draws_no_hidden_quarter(client, departement):
    """The trend is an SVG column chart of per-quarter counts; a hidden quarter has no column."""
    import re

    page = client.get("/territoires/departement/07/").content.decode()
    (figure,) = re.findall(r'<figure class="chart".*?</figure>', page, flags=re.S)[:1]
    assert 'role="img"' in figure and "Personnes inscrites par trimestre" in figure
    columns = len(re.findall(r'<rect class="chart-bar', figure))
    texts = re.findall(r'<text class="chart-value[^"]*"[^>]*>([^<]*)</text>', figure)
    drawn = [text for text in texts if text.strip().isdigit() and int(text) > 0]
    assert drawn and columns == len(drawn)
