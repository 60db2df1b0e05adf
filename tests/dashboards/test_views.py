"""The public territory pages: suppression on screen, 404 for unknown territories, fixed queries."""

import itertools
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from lms.organisations.models import Territory, TerritoryKind
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


def cell_numbers(response) -> list[int]:
    """Every number shown in the figures and the children's table."""
    text = page_text(response)
    cells = re.findall(r"<(?:td|dd)>([^<]*)</(?:td|dd)>", text)
    return [int(cell) for cell in cells if cell.strip().isdigit()]


def test_departement_page_reveals_neither_4_nor_a_difference_of_4(client, departement):
    """Communes of 4, 6 and 20 people: the page shows "< 5" and "secret", never 4 nor two numbers 4 apart."""
    response = client.get("/territoires/departement/07/")
    assert response.status_code == 200
    raw = response.content.decode()
    assert "<td>&lt; 5</td>" in raw and "<td>secret</td>" in raw
    numbers = cell_numbers(response)
    assert 4 not in numbers
    assert 30 in numbers and 20 in numbers
    for first, second in itertools.combinations(set(numbers), 2):
        assert abs(first - second) != 4, (first, second)


def test_region_and_national_pages_list_their_children(client, departement):
    """The nation lists the région; the région lists the département, with links down."""
    national = page_text(client.get("/territoires/"))
    assert "Auvergne-Rhône-Alpes" in national and 'href="/territoires/region/84/"' in national
    region = page_text(client.get("/territoires/region/84/"))
    assert 'href="/territoires/departement/07/"' in region


def test_unknown_kind_or_code_is_a_404(client, departement):
    """A kind outside région|département|EPCI|commune, or a code not of that kind, is a 404."""
    assert client.get("/territoires/pays/07/").status_code == 404
    assert client.get("/territoires/region/07/").status_code == 404


def _communes(departement, count: int) -> None:
    Territory.objects.bulk_create(
        Territory(
            kind=TerritoryKind.COMMUNE,
            code=f"X{index:05d}",
            name=f"Commune {index}",
            search_name=f"commune {index}",
            departement=departement,
            region=departement.region,
        )
        for index in range(count)
    )


def test_page_query_count_is_the_same_for_10_and_1000_communes(client, departement):
    """The département page takes as many queries with 1,000 communes as with 10."""
    dep = departement["departement"]
    _communes(dep, 10 - 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/territoires/departement/07/").status_code == 200
    Territory.objects.filter(code__startswith="X").delete()
    _communes(dep, 1000 - 3)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/territoires/departement/07/")
    assert page_text(response).count('href="/territoires/commune/') == 1000
    assert len(few) == len(many)


def test_a_commune_hidden_as_complement_hides_its_own_figure_too(client, departement):
    """B (6 people) reads "secret" on the département's page: its own page must not show 6."""
    commune_b = departement["communes"]["B"]
    response = client.get(f"/territoires/commune/{commune_b.code}/")
    assert response.status_code == 200
    assert 6 not in cell_numbers(response)
    assert "<dd>secret</dd>" in response.content.decode()
    commune_c = departement["communes"]["C"]
    assert 20 in cell_numbers(client.get(f"/territoires/commune/{commune_c.code}/"))


def test_commune_page_links_up_to_its_region_departement_and_epci(client, departement):
    """A commune's page links to France, its région, its département and its EPCI."""
    commune_a = departement["communes"]["A"]
    text = page_text(client.get(f"/territoires/commune/{commune_a.code}/"))
    up = ("/territoires/", "/territoires/region/84/", "/territoires/departement/07/", "/territoires/epci/240700000/")
    for path in up:
        assert f'href="{path}"' in text


def test_the_main_menu_leads_to_the_relays_and_the_territories(client, departement):
    """Every page's main menu links the relay directory and the national dashboard."""
    page = client.get("/territoires/").content.decode()
    menu = page[page.index('aria-label="Menu principal"') : page.index("</nav>", page.index("Menu principal"))]
    assert 'href="/relais/">Relais</a>' in menu and 'href="/territoires/">Territoires</a>' in menu
