"""Shared experiences in Chromium: the mayor of Privas shares one from the manager space, the
moderator approves it in the admin, and it shows on Privas's dashboard page, in the listing and
on its own page. axe on every front-end page; 320 px and desktop screenshots."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MOBILE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
TITLE = "Un atelier ENT à la mairie pour les parents de Privas"
# A folder to save the screenshots in, when set (as in test_scenario_feedback.py).
SCREENSHOTS = os.environ.get("PASSERELLE_EXPERIENCE_SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    """At 320 px and on a desktop: nothing overflows; saved when PASSERELLE_EXPERIENCE_SCREENSHOTS is set."""
    for label, size in (("320", MOBILE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        if SCREENSHOTS:
            page.screenshot(path=str(Path(SCREENSHOTS) / f"experiences-{name}-{label}.png"), full_page=True)


def test_the_mayor_shares_an_experience_that_shows_on_privas_page_once_approved(demo_data, page_for, axe):
    from lms.accounts.models import User

    mayor = User.objects.get(email="maire@exemple.fr")
    moderator = User.objects.get(email="moderatrice@exemple.fr")

    # The mayor opens the town hall's tab and the form.
    page = page_for(mayor, "/organisations/mairie-de-privas/")
    page.get_by_role("link", name="Retours d'expérience", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mairie de Privas")
    axe(page)
    page.get_by_role("link", name="Partager une expérience").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partager une expérience")
    axe(page)
    page.get_by_label(re.compile(r"^Titre")).fill(TITLE)
    page.get_by_label(re.compile(r"^Contexte")).fill("Beaucoup de parents n'avaient jamais ouvert l'ENT de l'école.")
    page.get_by_label(re.compile(r"^Ce qui a été fait")).fill("Quatre mercredis après-midi en salle du conseil.")
    page.get_by_label(re.compile(r"^Budget")).select_option("none")
    page.get_by_label(re.compile(r"^Contact")).fill("Mairie de Privas, service éducation")
    page.get_by_label("Parentalité numérique").check()
    # A missing answer is pointed out by its field, and nothing typed is lost.
    page.get_by_role("button", name="Envoyer en relecture").click()
    expect(page.locator("#id_results_erreurs")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Titre"))).to_have_value(TITLE)
    axe(page)
    shoot(page, "form")
    page.get_by_label(re.compile(r"^Résultats")).fill("35 familles accompagnées ; l'école reçoit moins d'appels.")
    page.get_by_role("button", name="Envoyer en relecture").click()
    expect(page.get_by_text("il sera publié après relecture")).to_be_visible()
    expect(page.locator(".experience-list li").filter(has_text=TITLE)).to_contain_text("En attente de relecture")
    axe(page)
    shoot(page, "tab")

    # Not public yet: Privas's page does not show it.
    visitor = page_for(None, "/territoires/commune/07186/")
    expect(visitor.locator("#retours-experience")).to_be_visible()
    expect(visitor.get_by_text(TITLE)).to_have_count(0)

    # The moderator approves it from the admin queue.
    admin = page_for(moderator, "/admin/relais/experiences/")
    row = admin.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("button", name="Publier").click()
    expect(admin.get_by_text("Retour d'expérience publié")).to_be_visible()
    if SCREENSHOTS:
        admin.goto(demo_data.url + "/admin/relais/experiences/?etat=approved")
        admin.screenshot(path=str(Path(SCREENSHOTS) / "experiences-admin.png"), full_page=True)

    # Privas's dashboard page shows it; its page and the listing too.
    visitor.goto(demo_data.url + "/territoires/commune/07186/")
    section = visitor.locator("section").filter(has=visitor.locator("#retours-experience"))
    expect(section.get_by_role("link", name=TITLE)).to_be_visible()
    axe(visitor)
    shoot(visitor, "privas")
    section.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator(".facts")).to_contain_text("Mairie de Privas")
    axe(visitor)
    shoot(visitor, "detail")
    visitor.goto(demo_data.url + "/relais/experiences/")
    expect(visitor.locator(".experience-card")).to_have_count(4)
    visitor.get_by_label("Territoire").select_option(label="Privas (commune)")
    visitor.get_by_role("button", name="Afficher").click()
    expect(visitor.locator(".experience-card")).to_have_count(1)
    axe(visitor)
    visitor.goto(demo_data.url + "/relais/experiences/")
    axe(visitor)
    shoot(visitor, "listing")
