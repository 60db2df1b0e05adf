"""Territorial dashboards in Chromium, on the demo data: a visitor goes from /territoires/ down to
Auvergne-Rhône-Alpes and Ardèche; agence@exemple.fr sees the département page with its charts,
tables, the previous campaign and the région side by side, a suppressed cell and the survey
figures per commune; maire@exemple.fr sees Privas's page with the commune's schools. Axe on
every page, at 320 px and on a desktop; each chart screenshotted at both sizes."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"mobile": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
SHOTS = "/tmp/d28b-"  # noqa: S108  (screenshots to look at, not test data)


def check_both_sizes(page, axe, name: str) -> None:
    for size_name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        axe(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], (name, size_name)
        page.screenshot(path=f"{SHOTS}{name}-{size_name}.png", full_page=True)


def test_visitor_agency_and_mayor_read_the_territories(demo_data, page_for, axe):
    from lms.accounts.models import User

    visitor = page_for(None, "/territoires/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Tableau de bord national")
    axe(visitor)
    visitor.get_by_role("link", name="Auvergne-Rhône-Alpes").first.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Auvergne-Rhône-Alpes")
    axe(visitor)
    visitor.get_by_role("link", name="Ardèche").first.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Ardèche")
    expect(visitor.get_by_role("heading", level=2, name="Enquêtes auprès des écoles")).to_be_visible()
    expect(visitor.locator("#enquete-par-commune")).to_have_count(0)  # the agency's only
    check_both_sizes(visitor, axe, "departement-visitor")

    agency = page_for(User.objects.get(email="agence@exemple.fr"), "/territoires/departement/07/")
    figures = agency.get_by_role("table", name="Indicateurs d'enquête : ce territoire")
    expect(figures.get_by_role("columnheader")).to_contain_text(
        ["Indicateur", "Dernière campagne", "Campagne précédente", "Auvergne-Rhône-Alpes"]
    )
    expect(figures.get_by_role("row", name="Écoles reliées par la fibre")).to_contain_text("%")
    # The training trend, then the survey's three charts.
    charts = agency.locator("figure.chart")
    expect(charts).to_have_count(4)
    expect(agency.locator("figure.chart svg[role=img]")).to_have_count(4)
    expect(charts.first).to_contain_text("Personnes inscrites par trimestre")
    # The page links the kit's stylesheet: the bars have the series' colours.
    expect(agency.locator("rect.chart-bar--s0").first).to_have_css("fill", "rgb(11, 85, 99)")
    # A suppressed cell: a training figure under 5 people, or a survey figure under 3 schools.
    expect(agency.get_by_text("< 5").or_(agency.get_by_text("secret")).first).to_be_attached()
    per_commune = agency.locator("#enquete-par-commune")
    expect(per_commune).to_be_visible()
    expect(per_commune.get_by_role("row")).not_to_have_count(1)
    # The chart's own table opens from its summary, with the numbers the bars show.
    first = charts.first
    first.locator("summary").click()
    expect(first.get_by_role("table")).to_be_visible()
    check_both_sizes(agency, axe, "departement-agency")
    for size_name, size in VIEWPORTS.items():
        agency.set_viewport_size(size)
        for index in range(4):
            charts.nth(index).screenshot(path=f"{SHOTS}chart-{index + 1}-{size_name}.png")

    mayor = page_for(User.objects.get(email="maire@exemple.fr"), "/territoires/commune/07186/")
    expect(mayor.get_by_role("heading", level=1)).to_contain_text("Privas")
    own = mayor.locator("#enquete-vos-organisations")
    expect(own).to_be_visible()
    expect(own.get_by_role("columnheader")).to_contain_text(["Indicateur", "Mairie de Privas", "Écoles de la commune"])
    # Publicly, Privas's one school is under the threshold of 3.
    expect(mayor.get_by_role("table", name="Indicateurs d'enquête : ce territoire")).to_contain_text(
        "moins de 3 réponses"
    )
    check_both_sizes(mayor, axe, "commune-mayor")
