"""Scenarios and courses point to each other through the CRCN competences of the courses' themes:
"Se former sur ce sujet" on a scenario, "Scénarios liés" on a course, scenario cards in a
module. Published content only, and no query per item."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses.models import Competence
from tests.factories import CoursePageFactory, ModulePageFactory, ThemeFactory
from tests.factories.cms import publish
from tests.factories.scenarios import ScenarioPageFactory, published_scenario
from tests.helpers.pages import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def theme(*codes):
    found = ThemeFactory()
    found.competences.set(Competence.objects.filter(code__in=codes))
    return found


def course(title, themes):
    page = publish(CoursePageFactory(title=title, live=False))
    page.themes.set(themes)
    return publish(page)


def scenario_block(*pages) -> dict:
    return {"type": "scenarios", "value": {"title": "Pour la classe", "scenarios": [page.pk for page in pages]}}


def test_a_scenario_lists_the_courses_sharing_a_competence(client):
    """Courses whose themes carry one of the scenario's CRCN codes; not the others, not drafts."""
    information = theme("2.1", "1.1")
    course("Chercher et vérifier l'information", [information])
    course("Protéger ses données", [theme("4.2")])
    draft = CoursePageFactory(title="Formation en brouillon", live=False)
    draft.themes.set([information])
    draft.save()
    scenario = published_scenario("Vrai ou faux", facets={"competences": ["2.1"]})
    text = page_text(client.get(scenario.url))
    section = text.split("Se former sur ce sujet")[1]
    assert "Chercher et vérifier l'information" in section
    assert "Protéger ses données" not in section
    assert "Formation en brouillon" not in section


def test_a_course_lists_its_related_scenarios(client):
    """ "Scénarios liés": published scenarios sharing a CRCN code with the course's themes."""
    page = course("Chercher et vérifier l'information", [theme("2.1")])
    published_scenario("Vrai ou faux", facets={"competences": ["2.1"]})
    published_scenario("Robots", facets={"competences": ["3.4"]})
    ScenarioPageFactory(title="Scénario en brouillon", live=False, facets={"competences": ["2.1"]})
    text = page_text(client.get(page.url))
    section = text.split("Scénarios liés")[1]
    assert "Vrai ou faux" in section
    assert "Robots" not in section and "Scénario en brouillon" not in section


def count_queries(client, url) -> int:
    client.get(url)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [2, 20])
def test_a_scenario_page_costs_the_same_whatever_its_courses(client, count):
    """The linked courses come in one query, whatever their number (compared with one course)."""
    information = theme("2.1")
    course("Formation 00", [information])
    scenario = published_scenario("Vrai ou faux", facets={"competences": ["2.1"]})
    baseline = count_queries(client, scenario.url)
    for number in range(1, count):
        course(f"Formation {number:02d}", [information])
    assert count_queries(client, scenario.url) == baseline
    assert page_text(client.get(scenario.url)).count('href="/formations/formation-') == count


@pytest.mark.parametrize("count", [2, 20])
def test_a_course_page_costs_the_same_whatever_its_scenarios(client, count):
    """The related scenarios and their cards' facets come in a fixed number of queries."""
    page = course("Chercher et vérifier l'information", [theme("2.1")])
    published_scenario("Scénario 00", facets={"competences": ["2.1"], "publics": ["parents"]})
    baseline = count_queries(client, page.url)
    for number in range(1, count):
        published_scenario(f"Scénario {number:02d}", facets={"competences": ["2.1"], "publics": ["parents"]})
    assert count_queries(client, page.url) == baseline
    assert page_text(client.get(page.url)).count('class="course-card scenario-card"') == count


def test_a_module_shows_the_chosen_scenarios_as_cards(client):
    """The scenario block renders published scenarios only, in the chosen order."""
    first = published_scenario("Vrai ou faux")
    second = published_scenario("Robots au cycle 2")
    draft = ScenarioPageFactory(title="Scénario en brouillon", live=False)
    parent = course("Chercher et vérifier l'information", [])
    module = publish(ModulePageFactory(parent=parent, live=False, body=[scenario_block(second, draft, first)]))
    text = page_text(client.get(module.url))
    assert "Pour la classe" in text
    assert text.index("Robots au cycle 2") < text.index("Vrai ou faux")
    assert "Scénario en brouillon" not in text


@pytest.mark.parametrize("count", [2, 6])
def test_a_scenario_block_costs_the_same_whatever_its_cards(client, count):
    """Cards are read in bulk: two or six cost the same."""
    scenarios = [published_scenario(f"Scénario {number:02d}") for number in range(count)]
    parent = course("Formation", [])
    one = publish(ModulePageFactory(parent=parent, slug="un", live=False, body=[scenario_block(scenarios[0])]))
    many = publish(ModulePageFactory(parent=parent, slug="plusieurs", live=False, body=[scenario_block(*scenarios)]))
    assert count_queries(client, many.url) == count_queries(client, one.url)
