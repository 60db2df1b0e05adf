"""The scenarios' listing and a scenario in Chromium, at 320 px and on a desktop, checked with axe."""

import os
import re
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


# A directory to keep the new scenario's screenshots in, for a person to look at (none by default).
SCREENSHOTS = os.environ.get("PASSERELLE_SCENARIO_SCREENSHOTS")
TITLE = "Carte mentale collaborative sur tablette"


def sign_in(page, base_url: str, email: str) -> None:
    """Through the site's own sign-in page, back to the Wagtail admin."""
    page.goto(base_url + "/compte/connexion/?next=/admin/")
    page.get_by_label("Adresse e-mail ou identifiant").fill(email)
    page.locator("#id_password").fill("passerelle-demo")
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(base_url + "/admin/")


def publicly_listed(visitor, base_url: str) -> list[bool]:
    """Whether the scenario shows in the listing and in the Atom feed, for a visitor."""
    return [TITLE in visitor.request.get(base_url + path).text() for path in ("/scenarios/", "/scenarios/flux/")]


def test_a_trainer_writes_a_scenario_and_a_moderator_publishes_it(demo_data, page, page_for, axe, settings):
    """Issue 23: the trainer fills the structured form in the admin and submits it to "Relecture
    des scénarios"; nothing is public until the moderator approves; then visitors find it in the
    listing and the feed."""
    from scenarios.models import ScenarioIndexPage, ScenarioPage

    # As in the course journey: no background autosave racing the submission.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    base_url = demo_data.url
    sign_in(page, base_url, "formatrice@exemple.fr")
    page.goto(base_url + f"/admin/pages/{ScenarioIndexPage.objects.get().pk}/")
    page.get_by_role("link", name="Ajouter une sous-page").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/scenarios/scenariopage/\d+/$"))

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Les élèves organisent à plusieurs ce qu'ils savent d'un thème.")
    page.get_by_label("Cycle 3 (CM1–6e)").check()
    page.get_by_label("Français", exact=True).check()
    page.get_by_label(re.compile(r"(^|\s)2\.1 ")).check()
    page.locator("#id_duration_minutes").fill("45")
    page.locator("#id_group_size").fill("En binômes")
    page.get_by_label("Tablettes").check()
    page.locator("#id_objectives").fill("Organiser ses idées.\nLes confronter à celles des autres.")
    steps = [
        ("Lancement", "15", "L'enseignant montre une carte mentale.", "Les élèves proposent des mots."),
        ("Carte en binômes", "30", "L'enseignant circule et relance.", "Chaque binôme construit sa carte."),
    ]
    for index, (title, minutes, leader, participants) in enumerate(steps):
        if not page.locator(f'[name="steps-{index}-value-title"]').count():
            page.locator('[data-contentpath="steps"]').get_by_role("button", name="Insérer un bloc").last.click()
        page.locator(f'[name="steps-{index}-value-title"]').fill(title)
        page.locator(f'[name="steps-{index}-value-minutes"]').fill(minutes)
        page.locator(f'[name="steps-{index}-value-leader"]').fill(leader)
        page.locator(f'[name="steps-{index}-value-participants"]').fill(participants)
    page.locator("#id_assessment").fill("Chaque binôme présente sa carte à la classe.")
    page.locator("#id_licence").select_option("cc-by-4.0")
    page.get_by_label(re.compile(r"Fanny Formatrice")).check()

    page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Soumettre à Relecture des scénarios").click()
    expect(page.get_by_role("status")).to_contain_text(f"Page « {TITLE} » créée et soumise pour modération.")
    scenario = ScenarioPage.objects.get(title=TITLE)
    assert not scenario.live
    assert scenario.current_workflow_state.workflow.name == "Relecture des scénarios"
    visitor = page_for(None, "/scenarios/")
    assert publicly_listed(visitor, base_url) == [False, False]

    moderator = page_for(None)
    sign_in(moderator, base_url, "moderatrice@exemple.fr")
    review = moderator.get_by_role("region", name="En attente de votre vérification")
    review.get_by_role("link", name=TITLE).click()
    moderator.locator("footer").get_by_role("button", name="Plus d'actions").click()
    moderator.get_by_role("button", name="Approuver et Publier", exact=True).click()
    expect(moderator.get_by_role("status")).to_contain_text(f"La page « {TITLE} » a été mise à jour.")
    scenario.refresh_from_db()
    assert scenario.live

    assert publicly_listed(visitor, base_url) == [True, True]
    visitor.goto(base_url + "/scenarios/?pour=cycle3")
    axe(visitor)
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_role("heading", level=3, name=re.compile("Carte en binômes"))).to_be_visible()
    expect(visitor.get_by_text("Fanny Formatrice")).to_be_visible()
    expect(visitor.get_by_role("link", name="texte de la licence")).to_have_attribute(
        "href", "https://creativecommons.org/licenses/by/4.0/deed.fr"
    )
    axe(visitor)
    for name, viewport in VIEWPORTS.items():
        visitor.set_viewport_size(viewport)
        assert visitor.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        if SCREENSHOTS:
            visitor.screenshot(path=str(Path(SCREENSHOTS) / f"scenario-{name}.png"), full_page=True)
