"""The manager space in Chromium, checked with axe-core."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_mayor_finds_and_filters_the_communes_members(page_as, axe):
    """maire@exemple.fr opens the commune from "Mes organisations", searches and filters members."""
    page = page_as("maire", "/organisations/")
    axe(page)
    page.get_by_role("link", name="Mairie de Privas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mairie de Privas")
    expect(page.locator("table caption")).to_have_text("24 membres")
    axe(page)
    page.get_by_label("Rechercher (nom, e-mail ou identifiant)").fill("coste")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("table caption")).to_have_text("1 membre")
    expect(page.locator("tbody th")).to_contain_text("COSTE Bernard")
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the table scrolls, not the page
    axe(page)


def test_ending_a_membership_with_confirmation(page_as, axe):
    """The mayor removes an agent after a confirmation page; the list no longer shows them."""
    page = page_as("maire", "/organisations/mairie-de-privas/?q=fargier")
    page.get_by_role("link", name="Retirer de l'organisation — Gilles Fargier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retirer un membre")
    axe(page)
    page.get_by_role("button", name="Retirer de l'organisation").click()
    expect(page.get_by_text("Gilles Fargier ne fait plus partie de l'organisation.")).to_be_visible()
    expect(page.locator("table caption")).to_have_text("23 membres")
    expect(page.locator("tbody")).not_to_contain_text("FARGIER")


def test_a_member_gets_404_on_the_manager_space(page_as):
    """agent@exemple.fr belongs to the commune but does not manage it: 404."""
    page = page_as("agent", "/organisations/")
    expect(page.get_by_text("Mairie de Privas")).to_be_visible()
    response = page.goto(page.url.split("/organisations/")[0] + "/organisations/mairie-de-privas/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
