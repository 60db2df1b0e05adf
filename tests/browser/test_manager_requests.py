"""Becoming a manager, in Chromium: a new user asks, the regional agency approves."""

import pytest
from playwright.sync_api import expect

from lms.organisations.models import Organisation, Territory, TerritoryKind

pytestmark = pytest.mark.browser


def test_new_user_asks_to_manage_a_commune_and_the_agency_approves(page_as, page_for, axe, demo_data):
    """A new mayor asks to create their commune's organisation; agence@exemple.fr approves it."""
    from tests.factories import UserFactory

    mayor = UserFactory(email="maire.coux@exemple.fr", first_name="Josette", last_name="Ribes")
    page = page_for(mayor, "/organisations/")
    page.get_by_role("link", name="Demander à gérer une organisation").click()
    axe(page)
    page.get_by_label("Nom, commune ou code postal").fill("coux")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("Aucune organisation ne correspond à cette recherche.")).to_be_visible()
    page.get_by_role("link", name="Demander sa création").click()
    axe(page)
    page.get_by_label("Type d'organisation").select_option("commune")
    page.get_by_label("Nom de l'organisation").fill("Mairie de Coux")
    page.get_by_label("Commune").fill("07072")
    page.get_by_label("SIREN").fill(Territory.objects.get(kind=TerritoryKind.COMMUNE, code="07072").siren)
    page.get_by_label("Votre fonction").fill("Maire")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_text("Votre demande est envoyée à l'agence de votre territoire.")).to_be_visible()
    expect(page.get_by_text("En attente")).to_be_visible()
    axe(page)

    agency = page_as("agence", "/organisations/")
    agency.get_by_role("link", name="1 demande à examiner").click()
    axe(agency)
    agency.get_by_role("link", name="Mairie de Coux").click()
    axe(agency)
    agency.get_by_role("button", name="Accepter la demande").click()
    expect(agency.get_by_text("Demande acceptée")).to_be_visible()

    page.goto(demo_data.url + "/organisations/")
    page.get_by_role("link", name="Mairie de Coux").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mairie de Coux")
    assert Organisation.objects.get(name="Mairie de Coux").territory.code == "07072"
