"""Open data: the directory in the national standard's schema, published relays only, the same
relays as the directory shows."""

import csv
import io
import json

import pytest

from relays.standard import STANDARD_FILE
from tests.relays.conftest import relay
from tests.relays.test_directory import names

pytestmark = pytest.mark.django_db


def json_rows(client, **query) -> list[dict]:
    return json.loads(client.get("/relais/export.json", query).content)["lieux"]


def csv_rows(client, **query) -> list[dict]:
    text = b"".join(client.get("/relais/export.csv", query).streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def relays(geography):
    relay(
        geography["privas"],
        "EPN de Privas",
        services=["Parentalité et éducation avec le numérique", "Aide aux démarches administratives"],
        step_free_access=True,
        hearing_loop=True,
    )
    relay(geography["aubenas"], "Médiathèque d'Aubenas", kind="mediatheque", audiences=["Seniors"])
    relay(geography["lyon"], "EPN de Lyon")
    relay(geography["privas"], "Brouillon", is_published=False)


class TestSchema:
    def test_field_names_are_the_vendored_standards(self, client, relays):
        """Every JSON and CSV field is a field of the vendored schema, in its order, all present."""
        vendored = [field["name"] for field in json.loads(STANDARD_FILE.read_text())["fields"]]
        assert "publics_specifiquement_adresses" in vendored and "services" in vendored
        assert all(list(row) == vendored for row in json_rows(client))
        assert all(list(row) == vendored for row in csv_rows(client))

    def test_required_fields_are_filled_and_lists_use_the_standards_separator(self, client, relays):
        """Required fields are never empty; lists are joined with "|"; values are the standard's."""
        required = [field["name"] for field in json.loads(STANDARD_FILE.read_text())["fields"] if field["required"]]
        rows = {row["nom"]: row for row in json_rows(client)}
        for row in rows.values():
            assert all(row[name] for name in required), row
        privas = rows["EPN de Privas"]
        assert privas["services"] == "Parentalité et éducation avec le numérique|Aide aux démarches administratives"
        assert privas["code_insee"] == "07186" and privas["commune"] == "Privas" and privas["typologie"] == "EPN"
        assert "plain-pied" in privas["presentation_detail"] and "Boucle magnétique" in privas["presentation_detail"]
        assert rows["Médiathèque d'Aubenas"]["typologie"] == "BIB"


class TestSameAsDirectory:
    def test_published_profiles_only(self, client, relays):
        """A draft is neither in the JSON nor in the CSV."""
        assert "Brouillon" not in {row["nom"] for row in json_rows(client)}
        assert "Brouillon" not in {row["nom"] for row in csv_rows(client)}

    @pytest.mark.parametrize(
        "query",
        [{}, {"commune": "privas"}, {"service": "aide-aux-demarches-administratives"}, {"public": "seniors"}],
    )
    def test_export_equals_directory(self, client, relays, query):
        """The exports list exactly the relays the directory lists for the same query, in order."""
        shown = names(client.get("/relais/", query))
        assert [row["nom"] for row in json_rows(client, **query)] == shown
        assert [row["nom"] for row in csv_rows(client, **query)] == shown
