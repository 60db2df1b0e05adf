"""The home page and the catalogue in Chromium, at 320 px and on a desktop, checked with axe."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"mobile": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_parent_finds_the_parents_course_in_two_clicks(demo_data, page, axe, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(demo_data.url + "/")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    page.get_by_role("link", name="Je suis parent").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formations")
    expect(page.locator("#catalogue-public")).to_have_value("parent")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    page.get_by_role("link", name="Accompagner son enfant sur Internet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accompagner son enfant sur Internet")
    axe(page)


def test_search_without_accents_finds_accented_content(demo_data, page, axe):
    page.goto(demo_data.url + "/formations/")
    page.get_by_label("Rechercher").fill("ecran")
    page.get_by_role("button", name="Afficher les formations").click()
    expect(page).to_have_url(demo_data.url + "/formations/?q=ecran&public=&theme=&duree=&territoire=")
    expect(page.get_by_role("link", name="Accompagner son enfant sur Internet")).to_be_visible()
    axe(page)


def test_filters_work_without_javascript_and_say_when_nothing_matches(demo_data, browser, axe):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(demo_data.url + "/formations/")
    page.get_by_label("Territoire").select_option("07")
    page.get_by_role("button", name="Afficher les formations").click()
    expect(page.locator(".course-card")).to_have_count(1)
    expect(
        page.get_by_role("link", name="Organiser des ateliers numériques pour les familles en Ardèche")
    ).to_be_visible()
    page.get_by_label("Public", exact=True).select_option("parent")
    page.get_by_role("button", name="Afficher les formations").click()
    expect(page.get_by_text("Aucune formation ne correspond à votre recherche.")).to_be_visible()
    expect(page.get_by_role("link", name="Voir toutes les formations pour : Parent")).to_be_visible()
    context.close()
    axe_page = browser.new_context(bypass_csp=True).new_page()
    axe_page.goto(demo_data.url + "/formations/?territoire=07&public=parent")
    axe(axe_page)
    axe_page.context.close()
