"""Open data: /scenarios/export.json (docs/scenarios-open-data.md) and the Atom feed
/scenarios/flux/. Published scenarios only, and the export costs the same for 2 or 20."""

import json
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import OrganisationFactory, UserFactory
from tests.factories.scenarios import ScenarioPageFactory, publish, published_scenario

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
EXPORT_KEYS = {
    "id",
    "slug",
    "title",
    "summary",
    "levels",
    "publics",
    "subjects",
    "competences",
    "duration_minutes",
    "equipment",
    "licence",
    "authors",
    "organisation",
    "url",
    "first_published_at",
    "last_published_at",
}


@pytest.fixture
def scenarios():
    author = UserFactory(first_name="Élie", last_name="Enseignant", email="elie@exemple.fr")
    page = ScenarioPageFactory(
        title="Vrai ou faux",
        live=False,
        organisation=OrganisationFactory(name="École des Castagniers"),
        facets={"levels": ["cycle3"], "subjects": ["emc", "francais"], "competences": ["2.1", "1.1"]},
    )
    page.authors.set([author])
    publish(page)
    published_scenario("Robots au cycle 2", facets={"levels": ["cycle2"], "competences": ["3.4"]})
    ScenarioPageFactory(title="Brouillon", live=False)
    in_review = published_scenario("Publié puis modifié")
    in_review.title = "Modification en relecture"
    in_review.save_revision()


def test_export_lists_published_scenarios_in_the_documented_schema(client, scenarios):
    """Every key of the documentation, codes as in the filters, authors by name only."""
    response = client.get("/scenarios/export.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["version"] == 1
    rows = {row["title"]: row for row in data["scenarios"]}
    assert set(rows) == {"Vrai ou faux", "Robots au cycle 2", "Publié puis modifié"}
    row = rows["Vrai ou faux"]
    assert set(row) == EXPORT_KEYS
    assert row["levels"] == ["cycle3"] and row["publics"] == []
    assert row["subjects"] == ["emc", "francais"]
    assert sorted(row["competences"]) == ["1.1", "2.1"]
    assert row["licence"] == {
        "code": "cc-by-sa-4.0",
        "name": "CC BY-SA 4.0",
        "url": "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    }
    assert row["authors"] == ["Élie Enseignant"] and row["organisation"] == "École des Castagniers"
    assert row["url"] == "http://testserver/scenarios/vrai-ou-faux/"
    assert "elie@exemple.fr" not in response.content.decode()


def test_export_documentation_names_every_key():
    """docs/scenarios-open-data.md documents each key the export has."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "scenarios-open-data.md").read_text(encoding="utf-8")
    assert [key for key in sorted(EXPORT_KEYS) if f"`{key}`" not in doc] == []


def export_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/scenarios/export.json").status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [2, 20])
def test_export_query_count_does_not_grow(client, count):
    """The pages with their organisation, the view restrictions, and one query per prefetched
    relation (levels, publics, subjects, competences, equipment, authors): the same for one
    scenario as for 2 or 20."""
    published_scenario("Scénario 00")
    export_queries(client)  # warms the site-root cache and the content types
    baseline = export_queries(client)
    for number in range(1, count):
        published_scenario(f"Scénario {number:02d}")
    assert export_queries(client) == baseline
    assert len(json.loads(client.get("/scenarios/export.json").content)["scenarios"]) == count


def test_feed_lists_published_scenarios_newest_first(client, scenarios):
    """Atom entries: title, link, author names; no draft, no change waiting for review."""
    response = client.get("/scenarios/flux/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314  (our own feed)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Publié puis modifié",
        "Robots au cycle 2",
        "Vrai ou faux",
    ]
    assert entries[2].find(f"{ATOM}link").get("href") == "http://testserver/scenarios/vrai-ou-faux/"
    assert entries[2].findtext(f"{ATOM}author/{ATOM}name") == "Élie Enseignant"


def test_listing_announces_the_feed(client, scenarios, settings):
    """Feed readers find the feed from the listing's head."""
    settings.PASSERELLE_PAGE_CACHE = False
    assert 'type="application/atom+xml"' in client.get("/scenarios/").content.decode()
