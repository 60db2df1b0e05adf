"""The commons in Chromium: a teacher says "Je l'ai testé", the moderator approves it in the admin,
visitors see the count and the average; the EPN's manager adds a scenario to "Ateliers parents",
which a visitor opens. axe on every front-end page; 320 px and desktop screenshots."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MOBILE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
TESTED = "/scenarios/photographier-et-raconter-le-jardin-de-l-ecole/"
ADDED = "/scenarios/proteger-ses-donnees-sur-les-reseaux-sociaux/"
# A folder to save the 320 px and desktop screenshots in, when set (as in test_courses.py).
SCREENSHOTS = os.environ.get("PASSERELLE_SCENARIO_SCREENSHOTS", "")


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def shoot(page, name: str) -> None:
    """At 320 px and on a desktop: nothing overflows; saved when PASSERELLE_SCENARIO_SCREENSHOTS is set."""
    for label, size in (("320", MOBILE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        fits(page, size["width"])
        if SCREENSHOTS:
            page.screenshot(path=str(Path(SCREENSHOTS) / f"scenarios-{name}-{label}.png"), full_page=True)


def test_feedback_is_moderated_then_counted_and_a_collection_is_shared(demo_data, page_for, axe):
    from lms.accounts.models import User

    teacher = User.objects.get(email="enseignant@exemple.fr")
    moderator = User.objects.get(email="moderatrice@exemple.fr")
    manager = User.objects.get(email="epn@exemple.fr")

    # The teacher says how the session went; a missing answer is pointed out by its field.
    page = page_for(teacher, TESTED)
    expect(page.locator(".facts")).to_contain_text("Pas encore testé")
    page.get_by_role("link", name="Je l'ai testé", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je l'ai testé")
    axe(page)
    page.get_by_label("Date de la séance").fill("2026-11-27")
    page.get_by_label("Avec quel niveau ou quel public").select_option("cycle1")
    page.get_by_label("Nombre d'élèves ou de participants").fill("6")
    page.get_by_label("Comment ça s'est passé").fill("Les petits ont adoré photographier les courges du jardin.")
    page.get_by_role("button", name="Envoyer mon retour").click()
    expect(page.locator("#id_usefulness_erreurs")).to_be_visible()
    expect(page.get_by_label("Comment ça s'est passé")).to_have_value(
        "Les petits ont adoré photographier les courges du jardin."
    )
    axe(page)
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Envoyer mon retour").click()
    expect(page.get_by_text("Votre retour sera publié après relecture")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("Pas encore testé")

    # The moderator approves it from the admin queue.
    admin = page_for(moderator, "/admin/scenarios/retours/")
    row = admin.get_by_role("row").filter(has_text="les courges du jardin")
    row.get_by_role("button", name="Publier").click()
    expect(admin.get_by_text("Retour publié")).to_be_visible()
    if SCREENSHOTS:
        admin.goto(demo_data.url + "/admin/scenarios/retours/?etat=approved")
        admin.screenshot(path=str(Path(SCREENSHOTS) / "scenarios-admin-feedback.png"), full_page=True)

    # A visitor sees one test and its average, on the page and in the listing.
    visitor = page_for(None, TESTED)
    expect(visitor.locator(".facts")).to_contain_text("Testé 1 fois · utilité 4,0 sur 5")
    expect(visitor.locator(".scenario-feedback")).to_contain_text("les courges du jardin")
    expect(visitor.locator(".scenario-feedback")).to_contain_text("Élie Enseignant")
    axe(visitor)
    shoot(visitor, "scenario")
    visitor.goto(demo_data.url + "/scenarios/?tri=mieux-notes")
    expect(visitor.locator(".scenario-card").filter(has_text="Photographier le jardin")).to_contain_text("Testé 1 fois")
    axe(visitor)

    # The EPN's manager adds a scenario to the EPN's public collection.
    epn = page_for(manager, ADDED)
    epn.get_by_role("link", name="Ajouter à une collection").click()
    axe(epn)
    epn.get_by_label("Ateliers parents — Espace numérique Centre Ardèche (publique)").check()
    epn.get_by_role("button", name="Ajouter", exact=True).click()
    expect(epn.get_by_role("heading", level=1)).to_have_text("Ateliers parents")
    expect(epn.locator(".scenario-card")).to_have_count(3)
    axe(epn)

    # Anyone opens it, without an account.
    visitor.goto(demo_data.url + "/scenarios/collections/ateliers-parents/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Ateliers parents")
    expect(visitor.locator(".scenario-card")).to_have_count(3)
    expect(visitor.get_by_role("button", name="Retirer de la collection")).to_have_count(0)
    axe(visitor)
    shoot(visitor, "collection")
