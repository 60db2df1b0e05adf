"""The survey columns for the exports: documented one by one, and the same cells as the page."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

import pytest

from dashboards.survey_figures import SURVEY_COLUMNS, survey_section, survey_values

pytestmark = pytest.mark.django_db


def test_every_survey_column_is_documented_in_open_data():
    """Each column of SURVEY_COLUMNS has its row in docs/open-data.md's "Enquêtes" section."""
    text = (Path(settings.BASE_DIR) / "docs" / "open-data.md").read_text()
    section = text[text.index("## Enquêtes") :]
    for column in SURVEY_COLUMNS:
        assert f"| `{column.name}` |" in section, column.name


@pytest.mark.parametrize(
    ("place", "level", "code"), [("departement", "departement", "07"), ("epci", "epci", "240700001")]
)
def test_export_cells_equal_the_page(survey_world, place, level, code):
    """The provider's cells for a territory are the page's first column, label for label."""
    territory = getattr(survey_world, place)
    section = survey_section(AnonymousUser(), territory, today=timezone.localdate())
    page = [row["cells"][0] for row in section["rows"]]
    cells = survey_values(survey_world.latest, level=level, within=territory)(code)
    assert cells[0] == "Enquête 2026"
    assert cells[1:] == page


def test_export_hides_small_and_missing_territories_as_the_page_does(survey_world):
    """Aubenas (2 schools) and Zilhac (none) export their labels, never a number or 0."""
    cells = survey_values(survey_world.latest, level="commune")
    assert cells("07001")[1:] == ["moins de 3 réponses"] * (len(SURVEY_COLUMNS) - 1)
    assert cells("07004")[1:] == ["données manquantes"] * (len(SURVEY_COLUMNS) - 1)


def test_a_territory_csv_and_json_carry_the_page_survey_cells(client, survey_world):
    """The département's files hold, in its own row, the survey column of its page."""
    from tests.dashboards.test_exports import read_csv, read_json

    section = survey_section(AnonymousUser(), survey_world.departement, today=timezone.localdate())
    page = [row["cells"][0] for row in section["rows"]]
    names = [column.name for column in SURVEY_COLUMNS]
    for rows in (
        read_csv(client.get("/territoires/departement/07/export.csv")),
        read_json(client.get("/territoires/departement/07/export.json")),
    ):
        (own,) = [row for row in rows if row["code"] == "07"]
        assert [str(own[name]) for name in names] == ["Enquête 2026", *page]
        (zilhac,) = [row for row in rows if row["code"] == "07004"]
        assert zilhac["enquete_repondants"] == "données manquantes"


def test_the_nation_has_one_file_per_campaign(client, survey_world):
    """`?campagne=<id>` gives that campaign's figures; the page links each closed campaign's file."""
    from tests.dashboards.test_exports import read_csv

    latest = read_csv(client.get("/territoires/export.csv"))
    previous = read_csv(client.get(f"/territoires/export.csv?campagne={survey_world.previous.pk}"))
    assert {row["enquete_campagne"] for row in latest} == {"Enquête 2026"}
    assert {row["enquete_campagne"] for row in previous} == {"Enquête 2025"}
    ardeche = [
        [row for row in rows if row["niveau"] == "departement" and row["code"] == "07"][0]
        for rows in (latest, previous)
    ]
    assert ardeche[0]["enquete_repondants"] != ardeche[1]["enquete_repondants"]
    page = client.get("/territoires/").content.decode()
    assert f"/territoires/export.csv?campagne={survey_world.previous.pk}" in page
    assert client.get("/territoires/export.csv?campagne=999999").status_code == 404
    assert client.get("/territoires/export.json?campagne=abc").status_code == 404
