"""The network of local relays in Chromium: a visitor looking for help with the ENT near Privas
finds the demo EPN in the directory, prints the list for a noticeboard, opens the EPN's page,
sees its next session and registers after signing up; the EPN's lead then changes its opening
hours. Axe on every page; screenshots at 320 px and on a desktop, and of the printed list."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers.outbox import last_email_to, link_in, path_of

pytestmark = pytest.mark.browser

VIEWPORTS = {"mobile": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
EPN = "Espace numérique Centre Ardèche"


def shoot(page, axe, label: str) -> None:
    """The page at both sizes: axe-clean, no sideways scrolling, a screenshot for the lead."""
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        axe(page)
        # The lead looks at these after the run (COMMON.md): a fixed, known place on purpose.
        page.screenshot(path=f"/tmp/r30a-{label}-{name}.png", full_page=True)  # noqa: S108
        # What sticks out, named in the failure: a long word in a heading, a wide table.
        wide = page.evaluate(
            """(w) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w || e.scrollWidth > e.clientWidth + 1)
            .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))""",
            size["width"],
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], wide


def test_a_parent_finds_the_epn_near_privas_and_its_lead_edits_the_hours(demo_data, page_for, axe):
    from demo.relays import EPN_SESSION
    from lms.accounts.models import User

    # The directory, without an account: "privas", help with the ENT (parenthood and education).
    page = page_for(None, "/relais/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trouver de l'aide pour le numérique près de chez vous")
    page.get_by_label("Commune").fill("privas")
    page.get_by_label("Service").select_option(label="Parentalité et éducation avec le numérique")
    page.get_by_role("button", name="Chercher").click()
    expect(page.get_by_text("Lieux à Privas (07186)")).to_be_visible()
    cards = page.locator(".relay-card h3")
    expect(cards).to_have_text([EPN, "Médiathèque du Pouzin"])
    shoot(page, axe, "directory")

    # The printable list for the town hall's noticeboard: no site header, footer or links bar.
    page.get_by_role("link", name="Version à imprimer (pour un panneau d'affichage)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Besoin d'aide avec le numérique ? Ces lieux vous accueillent"
    )
    axe(page)
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Retour à l'annuaire")).to_be_hidden()
    expect(page.get_by_role("heading", level=2, name=EPN)).to_be_visible()
    page.screenshot(path="/tmp/r30a-print.png", full_page=True)  # noqa: S108
    page.emulate_media(media="screen")
    page.go_back()

    # The EPN's page: its next session is the ENT workshop.
    page.get_by_role("link", name=EPN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EPN)
    sessions = page.locator(".session-card h3")
    expect(sessions.first).to_have_text(EPN_SESSION)
    shoot(page, axe, "relay")
    sessions.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EPN_SESSION)
    session_path = page.url.removeprefix(demo_data.url)

    # Signing up (no password: the link by e-mail), then registering.
    page.get_by_role("link", name="Se connecter pour s'inscrire").click()
    page.get_by_role("link", name="Pas encore de compte ? Créer un compte").click()
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_role("textbox", name=re.compile(r"^Nom")).fill("Rousseau")
    page.get_by_label("Adresse e-mail").fill("camille.rousseau@exemple.fr")
    page.get_by_label("Parent").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")
    page.goto(demo_data.url + path_of(link_in(last_email_to("camille.rousseau@exemple.fr"), "/compte/lien/")))
    page.get_by_role("button", name="Me connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    page.goto(demo_data.url + session_path)
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_text("Vous êtes inscrit(e)")).to_be_visible()
    axe(page)

    # The EPN's lead changes the opening hours from the manager space; the page shows them at once.
    lead = User.objects.get(email="epn@exemple.fr")
    manager = page_for(lead, "/organisations/epn-centre-ardeche/")
    manager.get_by_role("link", name="Profil public").click()
    expect(manager.get_by_label("Horaires d'ouverture")).to_contain_text("Mardi 14 h – 18 h")
    shoot(manager, axe, "profile-edit")
    manager.get_by_label("Horaires d'ouverture").fill("Mardi et jeudi 14 h – 19 h\nSamedi 9 h – 12 h")
    manager.get_by_role("button", name="Enregistrer le profil").click()
    expect(manager.get_by_text("Profil public enregistré")).to_be_visible()
    axe(manager)
    manager.get_by_role("link", name="Voir la page publique").click()
    expect(manager.get_by_text("Mardi et jeudi 14 h – 19 h")).to_be_visible()
    manager.goto(demo_data.url + "/organisations/epn-centre-ardeche/journal/")
    expect(manager.get_by_text("Profil public modifié : horaires d'ouverture")).to_be_visible()
