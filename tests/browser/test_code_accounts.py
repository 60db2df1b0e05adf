"""Accounts without e-mail, from the manager's sheet to the agent's first sign-in, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers.outbox import last_email_to, link_in, path_of

pytestmark = pytest.mark.browser


def test_mayor_prints_codes_and_an_agent_signs_in_with_one(page_as, page_for, axe):
    """The mayor creates two code accounts and prints the sheet; one agent signs in with the code."""
    page = page_as("maire", "/organisations/mairie-de-privas/")
    page.get_by_role("link", name="Créer des comptes sans e-mail").click()
    axe(page)
    page.locator("#id_personnes-0-first_name").fill("Lucien")
    page.locator("#id_personnes-0-last_name").fill("Vialle")
    page.locator("#id_personnes-0-function").fill("Agent de voirie")
    page.locator("#id_personnes-1-first_name").fill("Odile")
    page.locator("#id_personnes-1-last_name").fill("Sabatier")
    page.get_by_role("button", name="Créer les comptes et imprimer les codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Codes d'accès à imprimer")
    axe(page)
    sheets = page.locator(".access-sheet")
    expect(sheets).to_have_count(2)
    login_id = sheets.first.locator("dd code").first.inner_text()
    code = sheets.first.locator("dd code").last.inner_text()
    assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}", code)
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(sheets.first).to_be_visible()

    agent = page_for(None, "/compte/code/")
    axe(agent)
    agent.get_by_label("Identifiant").fill(login_id)
    agent.get_by_label("Code personnel").fill(code)
    agent.get_by_role("button", name="Me connecter").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Choisir un mot de passe")
    expect(agent.get_by_text("le code ne servira plus")).to_be_visible()
    axe(agent)
    agent.locator("#id_new_password1").fill("vialle-voirie-2026!")
    agent.locator("#id_new_password2").fill("vialle-voirie-2026!")
    agent.get_by_role("button", name="Enregistrer").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(agent.locator(".site-nav__user")).to_have_text("Lucien Vialle")

    # Later, the agent adds an e-mail address, confirmed by the link sent to it.
    agent.get_by_role("link", name="Ajouter une adresse e-mail").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Ajouter une adresse e-mail")
    axe(agent)
    agent.get_by_label("Nouvelle adresse e-mail").fill("lucien.vialle@exemple.fr")
    agent.get_by_role("button", name="Envoyer le lien de confirmation").click()
    expect(agent.get_by_text("En attente de confirmation : lucien.vialle@exemple.fr")).to_be_visible()
    link = link_in(last_email_to("lucien.vialle@exemple.fr"), "/compte/lien/")
    agent.goto(agent.url.split("/compte/")[0] + path_of(link))
    expect(agent.get_by_role("heading", level=1)).to_have_text("Confirmer votre adresse e-mail")
    axe(agent)
    agent.get_by_role("button", name="Confirmer cette adresse").click()
    expect(agent.get_by_text("Votre adresse e-mail est confirmée : lucien.vialle@exemple.fr.")).to_be_visible()
