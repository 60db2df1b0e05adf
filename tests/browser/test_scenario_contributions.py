"""A scenario contributed from the front end, in Chromium: the demo teacher proposes one with two
steps and a PDF, saves, comes back from /mon-espace/ and submits; the moderator asks for a
change in the Wagtail admin; the teacher sees the comment, edits and resubmits; the moderator
approves and it is public (listing, feed); the school head adapts it and the adaptation shows
its origin once approved; a parent cannot propose and is told why. axe on the front-end pages,
screenshots at 320 px and on a desktop."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 900}
DESKTOP = {"width": 1280, "height": 900}
TITLE = "Un quiz sonore pour réviser les sons du CP"
# A directory to keep the screenshots in, for a person to look at (none by default).
SCREENSHOTS = os.environ.get("PASSERELLE_SCENARIO_SCREENSHOTS")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def screenshots(page, name: str) -> None:
    """At 320 px and on a desktop: nothing wider than the window, and scenarios-<name>-<size>.png
    in PASSERELLE_SCENARIO_SCREENSHOTS when set."""
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        if SCREENSHOTS:
            page.screenshot(path=str(Path(SCREENSHOTS) / f"scenarios-{name}-{label}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], (name, label)
    page.set_viewport_size(DESKTOP)


def fill_step(page, number: int, title: str, minutes: str) -> None:
    step = page.get_by_role("group", name=f"Étape {number}")
    step.get_by_label("Titre de l'étape").fill(title)
    step.get_by_label("Durée (minutes)").fill(minutes)
    step.get_by_label("Ce que fait l'enseignant ou l'animateur").fill("L'enseignant lit un mot, lentement.")
    step.get_by_label("Ce que font les élèves ou les participants").fill("Les élèves lèvent la carte du son entendu.")


def moderate(page, action: str, comment: str = "") -> None:
    """The moderator's workflow action in the Wagtail editor's footer."""
    page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name=action, exact=True).click()
    if comment:
        # Wagtail's workflow modal, loaded over the editor: its comment box and its own button.
        page.locator('.modal textarea[name="comment"]').fill(comment)
        page.locator('.modal button[type="submit"]').click()
    expect(page.get_by_role("status")).to_be_visible()


def test_propose_review_revise_publish_and_adapt(page_for, demo_data, axe, tmp_path, settings):
    from lms.accounts.models import User
    from scenarios.models import ScenarioPage

    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    people = {role: User.objects.get(email=f"{role}@exemple.fr") for role in ("enseignant", "moderatrice")}
    people.update({role: User.objects.get(email=f"{role}@exemple.fr") for role in ("directrice", "parent")})
    pdf = tmp_path / "fiche-sons.pdf"
    pdf.write_bytes(PDF)

    # The teacher proposes: two steps (the second added by the button), a PDF, saved as a draft.
    teacher = page_for(people["enseignant"], "/scenarios/proposer/")
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Proposer un scénario")
    axe(teacher)
    screenshots(teacher, "form")
    teacher.get_by_label("Titre").first.fill(TITLE)
    teacher.get_by_label("Résumé").fill("Un jeu de cartes sonores projeté pour réviser les sons étudiés.")
    teacher.get_by_role("group", name="Niveaux scolaires").get_by_label("Cycle 2 (CP–CE2)").check()
    teacher.get_by_role("group", name="Disciplines").get_by_label("Français").check()
    teacher.get_by_role("group", name=re.compile("CRCN")).get_by_label(re.compile(r"^3\.2 ")).check()
    teacher.get_by_label("Taille du groupe").fill("Classe entière")
    teacher.get_by_role("group", name="Équipement").get_by_label("Écran interactif").check()
    teacher.get_by_label("Objectifs").fill("Reconnaître les sons étudiés.")
    fill_step(teacher, 1, "Écouter et reconnaître", "15")
    teacher.get_by_role("button", name="Ajouter une étape").click()
    expect(teacher.get_by_role("group", name="Étape 2")).to_be_visible()
    expect(teacher.get_by_label("Titre").first).to_have_value(TITLE)
    fill_step(teacher, 2, "Inventer une devinette", "15")
    teacher.get_by_label("Évaluation").fill("Chaque élève reconnaît cinq sons sur six.")
    teacher.get_by_label("Ajouter une pièce jointe").set_input_files(str(pdf))
    teacher.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(teacher.get_by_text("Brouillon enregistré.")).to_be_visible()
    expect(teacher.get_by_role("link", name="fiche-sons.pdf")).to_be_visible()
    proposal = ScenarioPage.objects.get(authors=people["enseignant"], draft_title=TITLE)
    assert not proposal.live and proposal.attachments.count() == 1

    # …comes back from /mon-espace/ and submits.
    teacher.goto(demo_data.url + "/mon-espace/")
    mine = teacher.locator("#mes-scenarios-section")
    expect(mine.get_by_role("heading", level=3, name=TITLE)).to_be_visible()
    axe(teacher)
    screenshots(teacher, "mes-scenarios")
    mine.get_by_role("link", name=f"Reprendre — {TITLE}").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Modifier mon scénario")
    teacher.get_by_role("button", name="Envoyer en relecture").click()
    expect(teacher.get_by_text("Votre scénario est envoyé en relecture.")).to_be_visible()
    expect(mine.locator(".scenario-proposal", has_text=TITLE)).to_contain_text("en relecture")

    # The moderator asks for a change in the admin, with a comment.
    moderator = page_for(people["moderatrice"], f"/admin/pages/{proposal.pk}/edit/")
    moderate(moderator, "Demander des modifications", comment="Ajoutez le matériel de la première étape.")

    # The teacher sees it on /mon-espace/, edits and resubmits.
    teacher.goto(demo_data.url + "/mon-espace/")
    card = mine.locator(".scenario-proposal", has_text=TITLE)
    expect(card).to_contain_text("modifications demandées")
    expect(card).to_contain_text("Ajoutez le matériel de la première étape.")
    screenshots(teacher, "mes-scenarios-changes")
    card.get_by_role("link", name=re.compile("Modifier et renvoyer")).click()
    expect(teacher.get_by_text("Ajoutez le matériel de la première étape.")).to_be_visible()
    axe(teacher)
    teacher.get_by_role("group", name="Étape 1").get_by_label("Matériel de l'étape").fill("Cartes des sons.")
    teacher.get_by_role("button", name="Enregistrer et renvoyer en relecture").click()
    expect(card).to_contain_text("en relecture")

    # The moderator approves: it is public, in the listing and the feed, with its PDF.
    moderator.goto(demo_data.url + f"/admin/pages/{proposal.pk}/edit/")
    moderate(moderator, "Approuver et Publier")
    proposal.refresh_from_db()
    assert proposal.live
    visitor = page_for(None, "/scenarios/")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    assert TITLE in visitor.request.get(demo_data.url + "/scenarios/flux/").text()
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("link", name="fiche-sons.pdf")).to_be_visible()
    axe(visitor)

    # The school head adapts it; once approved, the adaptation shows its origin.
    head = page_for(people["directrice"], proposal.url)
    head.get_by_role("link", name="Adapter ce scénario").click()
    axe(head)
    head.get_by_role("button", name="Créer mon adaptation").click()
    expect(head.get_by_text("Votre adaptation est créée en brouillon")).to_be_visible()
    head.get_by_label("Titre").first.fill("Un quiz sonore en grande section")
    head.get_by_role("button", name="Envoyer en relecture").click()
    adaptation = ScenarioPage.objects.get(adapted_from=proposal)
    moderator.goto(demo_data.url + f"/admin/pages/{adaptation.pk}/edit/")
    moderate(moderator, "Approuver et Publier")
    adaptation.refresh_from_db()
    visitor.goto(demo_data.url + adaptation.url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Un quiz sonore en grande section")
    expect(visitor.locator(".scenario-origin")).to_have_text(f"Adapté de {TITLE} par Élie Enseignant")
    axe(visitor)
    visitor.goto(demo_data.url + proposal.url)
    expect(visitor.get_by_text("1 adaptation publiée.")).to_be_visible()

    # A parent cannot propose, and is told why and how.
    parent = page_for(people["parent"], "/scenarios/proposer/")
    expect(parent.get_by_text("Votre compte n'est rattaché à aucun de ces lieux")).to_be_visible()
    expect(parent.get_by_role("heading", level=2, name="Comment proposer un scénario ?")).to_be_visible()
    axe(parent)
