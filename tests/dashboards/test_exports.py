"""Open data CSV: the same suppressed figures as the page, for a territory and for the nation."""

import csv
import io
import itertools
import re

import pytest

from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_departement_csv_reveals_neither_4_nor_a_difference_of_4(client, departement):
    """Communes of 4, 6 and 20: the CSV shows "< 5" and "secret", never 4 nor two numbers 4 apart."""
    rows = read_csv(client.get("/territoires/departement/07/export.csv"))
    everyone = {row["nom"]: row for row in rows if row["public"] == "all"}
    assert [everyone[name]["inscrits"] for name in ("Ardèche", "A", "B", "C")] == ["30", "< 5", "secret", "20"]
    for column in ("inscrits", "termines", "attestations_valides"):
        numbers = {int(row[column]) for row in rows if row[column].isdigit()}
        assert 4 not in numbers
        for first, second in itertools.combinations(numbers, 2):
            assert abs(first - second) != 4, (column, first, second)


def test_export_equals_screen(client, departement):
    """Every child's figures for all audiences read the same in the CSV and on the page."""
    page = page_text(client.get("/territoires/departement/07/"))
    on_screen = re.findall(
        r'<th scope="row"><a [^>]*>([^<]+)</a></th>\s*<td>([^\n]*)</td>\s*<td>([^\n]*)</td>\s*<td>([^\n]*)</td>', page
    )
    rows = read_csv(client.get("/territoires/departement/07/export.csv"))
    in_csv = [
        (row["nom"], row["inscrits"], row["termines"], row["attestations_valides"])
        for row in rows
        if row["public"] == "all" and row["niveau"] == "commune"
    ]
    assert on_screen == in_csv
    assert len(in_csv) == 3


def test_national_csv_and_unknown_territory(client, departement):
    """The nation's CSV lists France then the région; an unknown territory's CSV is a 404."""
    rows = read_csv(client.get("/territoires/export.csv"))
    names = [row["nom"] for row in rows if row["public"] == "all"]
    assert names == ["France", "Auvergne-Rhône-Alpes"]
    assert client.get("/territoires/region/07/export.csv").status_code == 404
