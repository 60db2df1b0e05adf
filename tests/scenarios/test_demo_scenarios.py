"""The demo scenarios: every file of demo/content/scenarios is valid, and the loader publishes
each scenario once, whatever the number of runs."""

from pathlib import Path

import pytest

from demo.scenarios import SCENARIOS_DIR, demo_scenarios_load, scenario_data_errors, scenario_files
from scenarios.models import ScenarioPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "scenarios"


@pytest.mark.parametrize("scenario_file", scenario_files(SCENARIOS_DIR), ids=lambda f: f.path.name)
def test_every_demo_scenario_file_is_valid(scenario_file):
    """The demo checker accepts each file the demo ships (schema, codes, steps adding up)."""
    assert scenario_data_errors(scenario_file.data) == [], scenario_file.path.name
    assert scenario_file.data["slug"] == scenario_file.path.stem


def test_the_fixture_files_are_valid():
    """The loader's test files follow the same schema."""
    assert [scenario_data_errors(f.data) for f in scenario_files(FIXTURES)] == [[], []]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"levels": [], "publics": []}, "a scenario has levels, publics, or both"),
        ({"levels": ["cm2"]}, "unknown levels: ['cm2']"),
        ({"competences": ["6.1"]}, "unknown CRCN competences: ['6.1']"),
        ({"duration_minutes": 50}, "the steps last 45 minutes, the scenario 50"),
        ({"licence": "cc0"}, "unknown licence 'cc0'"),
        ({"summary": "x" * 301}, "the summary has 1 to 300 characters"),
    ],
)
def test_the_checker_names_what_is_wrong(change, expected):
    """Each mistake a writer may make is reported in words."""
    data = {**scenario_files(FIXTURES)[1].data, **change}
    assert expected in scenario_data_errors(data)


def test_the_loader_publishes_each_scenario_once():
    """Scenarios are published with their facets and authors; a second run creates nothing."""
    author = UserFactory(email="epn-test@exemple.fr", first_name="Étienne", last_name="Médiateur")
    assert demo_scenarios_load(FIXTURES) == 2
    assert demo_scenarios_load(FIXTURES) == 0
    page = ScenarioPage.objects.get(slug="ecrans-et-sommeil")
    assert page.live and not page.has_unpublished_changes
    assert [public.code for public in page.publics.all()] == ["parents"]
    assert sorted(page.competences.values_list("code", flat=True)) == ["2.4", "4.3"]
    assert list(page.authors.all()) == [author]
    assert [step.value["title"] for step in page.steps] == ["Tour de table", "Régler son téléphone"]
    assert page.objective_list() == [
        "Connaître des repères sur les écrans le soir.",
        "Activer un réglage de temps d'écran.",
    ]
    assert ScenarioPage.objects.get(slug="robot-de-sol").licence == "etalab-2.0"


def test_an_invalid_file_stops_the_load_naming_it(tmp_path):
    """A broken file is refused with its name and the reason, and nothing of it is created."""
    (tmp_path / "casse.json").write_text('{"slug": "casse", "title": "Cassé"}', encoding="utf-8")
    with pytest.raises(ValueError, match="casse.json: keys: missing"):
        demo_scenarios_load(tmp_path)
    assert not ScenarioPage.objects.filter(slug="casse").exists()
