"""The scenarios' listing and a scenario in Chromium, at 320 px and on a desktop, checked with axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"mobile": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
FIXTURES = Path(__file__).resolve().parent.parent / "data" / "scenarios"


@pytest.fixture
def scenarios_site(demo_data):
    """The demo, plus the two scenarios of the loader's test files (the demo's own are content
    that may change)."""
    from demo.scenarios import demo_scenarios_load
    from scenarios.models import ScenarioPage
    from tests.factories import UserFactory

    # demo_data now loads the demo's scenarios too: set aside so the counts below are the files'.
    for scenario in ScenarioPage.objects.all():
        scenario.delete()
    UserFactory(email="epn-test@exemple.fr", first_name="Étienne", last_name="Médiateur")
    demo_scenarios_load(FIXTURES)
    return demo_data


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_teacher_filters_the_scenarios_and_opens_one(scenarios_site, page, axe, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(scenarios_site.url + "/scenarios/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Scénarios pédagogiques")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    page.get_by_label("Niveau ou public").select_option("cycle2")
    page.get_by_role("button", name="Afficher les scénarios").click()
    expect(page.locator("#scenarios-pour")).to_have_value("cycle2")
    expect(page.locator(".scenario-card")).to_have_count(1)
    axe(page)
    page.get_by_role("link", name="Programmer un robot de sol").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmer un robot de sol")
    expect(page.get_by_role("link", name="texte de la licence")).to_have_attribute(
        "href", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    )
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]


def test_search_without_accents_and_without_javascript(scenarios_site, browser, axe):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(scenarios_site.url + "/scenarios/")
    page.get_by_label("Rechercher").fill("ecrans")
    page.get_by_role("button", name="Afficher les scénarios").click()
    expect(page.get_by_role("link", name="Écrans et sommeil : un atelier pour les parents")).to_be_visible()
    expect(page.locator(".scenario-card")).to_have_count(1)
    page.get_by_label("Niveau ou public").select_option("lycee")
    page.get_by_role("button", name="Afficher les scénarios").click()
    expect(page.get_by_text("Aucun scénario ne correspond à votre recherche.")).to_be_visible()
    context.close()
    axe_page = browser.new_context(bypass_csp=True).new_page()
    axe_page.goto(scenarios_site.url + "/scenarios/?q=ecrans&pour=lycee")
    axe(axe_page)
    axe_page.context.close()


def test_from_a_scenario_to_a_course_and_back(demo_data, page, axe):
    """A scenario links to the courses on its competences, which list their scenarios in return."""
    page.goto(demo_data.url + "/scenarios/")
    page.locator(".scenario-card a").first.click()
    expect(page.get_by_role("heading", level=2, name="Se former sur ce sujet")).to_be_visible()
    axe(page)
    course_link = page.locator(".scenario-courses a").first
    course_title = course_link.inner_text()
    course_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course_title)
    expect(page.get_by_role("heading", level=2, name="Scénarios liés")).to_be_visible()
    axe(page)
    scenario_link = page.locator(".scenario-list a").first
    scenario_title = scenario_link.inner_text()
    scenario_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(scenario_title)
    expect(page.get_by_role("heading", level=2, name="Se former sur ce sujet")).to_be_visible()
    axe(page)
