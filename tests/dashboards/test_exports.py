"""Open data CSV and JSON: the same suppressed figures as the page, for a territory and for the
nation, every column documented in docs/open-data.md."""

import csv
import io
import itertools
import json
import re
from pathlib import Path

import pytest

from dashboards.exports import (
    Column,
    ColumnProvider,
    _providers,
    country_scope,
    export_columns,
    register_export_columns,
)
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def read_json(response) -> list[dict]:
    return json.loads(response.content)["lignes"]


PEOPLE = ("inscrits_tous", "termines_tous", "attestations_valides_tous", "inscrits_agent")


@pytest.mark.parametrize("kind_code", ["departement/07", "epci/240700000"])
def test_exports_reveal_neither_4_nor_a_difference_of_4(client, departement, kind_code):
    """Communes of 4, 6 and 20: neither the CSV nor the JSON shows 4 or two people counts 4 apart,
    for the département and for the EPCI of A and B."""
    for rows in (
        read_csv(client.get(f"/territoires/{kind_code}/export.csv")),
        read_json(client.get(f"/territoires/{kind_code}/export.json")),
    ):
        named = {row["nom"]: row for row in rows}
        assert named["A"]["inscrits_tous"] == "< 5" and named["B"]["inscrits_tous"] == "secret"
        numbers = {int(row[column]) for row in rows for column in PEOPLE if str(row[column]).isdigit()}
        assert 4 not in numbers
        for first, second in itertools.combinations(numbers, 2):
            assert abs(first - second) != 4, (kind_code, first, second)


def test_national_exports_reveal_no_commune_of_4(client, departement):
    """The nation's file lists every territory; commune A (4) and B (6) stay hidden there too."""
    rows = read_csv(client.get("/territoires/export.csv"))
    levels = ["france", "region", "departement", "epci", "commune", "commune", "commune"]
    assert [row["niveau"] for row in rows] == levels
    named = {row["nom"]: row for row in rows}
    assert [named[name]["inscrits_tous"] for name in ("France", "Ardèche", "CC d'essai", "A", "B", "C")] == [
        "30",
        "30",
        "10",
        "< 5",
        "secret",
        "20",
    ]
    assert read_json(client.get("/territoires/export.json"))[3]["nom"] == rows[3]["nom"]


def screen_table(page: str) -> list[list[str]]:
    """The children's table as on screen: each row's name and cells' text."""
    body = page.split('id="enfants"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        name = re.search(r'<th scope="row"><a [^>]*>([^<]+)</a>', tr).group(1)
        rows.append([name, *re.findall(r"<td[^>]*>(.*?)</td>", tr)])
    return rows


def test_export_equals_screen(client, departement):
    """Every child's figures read the same in the page's table, in the CSV and in the JSON."""
    course = departement["course"]
    course.estimated_minutes = 90
    course.save()
    from dashboards.services.refresh import dashboards_refresh

    dashboards_refresh()
    page = page_text(client.get("/territoires/departement/07/"))
    on_screen = [[cell.replace("&lt;", "<").replace(" %", "") for cell in row] for row in screen_table(page)]
    names = ["nom", "population", "inscrits_tous", "termines_tous", "attestations_valides_tous", "taux_achevement"]
    names.append("heures_en_ligne")
    for rows in (
        read_csv(client.get("/territoires/departement/07/export.csv")),
        read_json(client.get("/territoires/departement/07/export.json")),
    ):
        exported = [[str(row[name]) for name in names] for row in rows if row["niveau"] == "commune"]
        assert on_screen == exported
    assert len(on_screen) == 3 and on_screen[2][-1] == "15"


def test_every_column_is_documented(departement):
    """docs/open-data.md has a line for each exported column (quarters and audiences by their pattern)."""
    text = DOC.read_text()
    assert "Etalab 2.0" in text
    for column in export_columns(country_scope()):
        name = re.sub(r"_\d{4}T\d$", "_<trimestre>", column.name)
        name = re.sub(r"_(teacher|parent|elected|agent)$", "_<public>", name)
        assert f"`{name}`" in text, column.name


def test_a_provider_appends_its_columns(client, departement):
    """An app above registers a provider in one call: its columns follow the training ones."""
    provider = ColumnProvider(
        "essai",
        lambda scope: [Column("essai", "entier", "", "test", "aucune")],
        lambda scope: {territory.pk if territory else None: {"essai": 7} for territory in scope.territories},
    )
    register_export_columns(provider)
    try:
        rows = read_csv(client.get("/territoires/departement/07/export.csv"))
    finally:
        _providers.pop("essai")
    assert list(rows[0])[-1] == "essai" and {row["essai"] for row in rows} == {"7"}


def test_unknown_territory_exports_are_404(client, departement):
    """An unknown territory's CSV and JSON are 404s."""
    assert client.get("/territoires/region/07/export.csv").status_code == 404
    assert client.get("/territoires/region/07/export.json").status_code == 404
