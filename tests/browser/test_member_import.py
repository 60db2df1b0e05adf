"""The mayor imports the commune's list of agents from a CSV: checks the preview line by line,
filters it, confirms, reads the report and prints the codes of the accounts created; a file
that is not a CSV is refused next to the field. In Chromium, with axe."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from courses.models import Course, Enrolment, ImportStatus, InvitationEnrolment, MemberImport
from lms.accounts.models import User
from lms.organisations.models import Invitation, Membership

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "exemple-import-membres.csv"
COURSE = "Administrer le parc numérique d'une école"
SLUG = "mairie-de-privas"
IMPORT_TAB = "Import"


def test_mayor_imports_the_sample_file_and_prints_the_codes(page_as, axe):
    page = page_as("maire", f"/organisations/{SLUG}/")
    page.get_by_role("navigation", name="Espace gestionnaire").get_by_role("link", name=IMPORT_TAB).click()
    expect(page).to_have_url(re.compile(rf"/organisations/{SLUG}/import/$"))
    expect(page.get_by_role("heading", name="Importer une liste de personnes (CSV)")).to_be_visible()
    expect(page.get_by_role("link", name=IMPORT_TAB)).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("Aucun import pour l'instant.")).to_be_visible()
    axe(page)

    page.get_by_label("Fichier CSV").set_input_files(SAMPLE)
    page.get_by_label("Créer un compte avec code personnel pour les personnes sans adresse e-mail").check()
    page.get_by_label("Inscrire aussi à une formation").select_option(label=COURSE)
    due = timezone.localdate() + timedelta(days=60)
    page.get_by_label("À terminer avant le").fill(due.isoformat())
    page.get_by_role("button", name="Vérifier le fichier").click()

    # The preview: nothing written yet, every line with what confirming would do.
    expect(page).to_have_url(re.compile(rf"/organisations/{SLUG}/import/\d+/$"))
    expect(page.get_by_role("heading", name="Import « exemple-import-membres.csv »")).to_be_visible()
    expect(page.get_by_text("7 lignes, déposées le")).to_be_visible()
    expect(page.get_by_text(f"Formation : « {COURSE} ».")).to_be_visible()
    expect(page.get_by_role("heading", name="Aperçu : ce que l'import va faire")).to_be_visible()
    assert not User.objects.filter(last_name__in=["Vialle", "Delenne"]).exists()
    assert not Invitation.objects.filter(email__icontains="mairie-privas.exemple.fr").exists()
    chips = page.get_by_role("navigation", name="Filtrer les lignes")
    expect(chips.get_by_role("link")).to_have_text(
        [
            "Toutes (7)",
            "Compte avec code (2)",
            "Invitation (2)",
            "Inscription (2)",
            "Ignorée (1)",
            "Erreur (0)",
        ]
    )
    expect(chips.get_by_role("link", name="Toutes (7)")).to_have_attribute("aria-current", "true")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.locator("td:first-child")).to_have_text(["2", "3", "4", "5", "6", "7", "8"])
    lucien = page.get_by_role("row", name="Lucien Vialle")
    expect(lucien).to_contain_text("Compte avec code")
    expect(lucien).to_contain_text("Compte sans e-mail, avec un code personnel à imprimer. Inscription à la formation.")
    expect(lucien.locator("td").nth(1)).to_have_text("—")
    odile = page.get_by_role("row", name="Odile Sabatier")
    expect(odile).to_contain_text("odile.sabatier@mairie-privas.exemple.fr")
    expect(odile).to_contain_text("Invitation")
    expect(odile).to_contain_text(
        "Recevra un lien pour activer son compte. Inscription à la formation dès l'acceptation."
    )
    # The demo data has already taken Ange through this course: the line changes nothing.
    ange = page.get_by_role("row", name="Ange Agent")
    expect(ange).to_contain_text("Ignorée")
    expect(ange).to_contain_text("Déjà membre, et déjà dans cette formation.")
    confirm = page.get_by_role("button", name="Confirmer l'import (6 lignes)")  # the ignored one aside
    expect(confirm).to_be_visible()
    expect(page.get_by_role("button", name="Annuler et effacer le fichier")).to_be_visible()
    axe(page)

    # Filters: the invitations only, then the errors (there are none).
    chips.get_by_role("link", name="Invitation (2)").click()
    expect(page).to_have_url(re.compile(r"\?action=invite#lignes$"))
    expect(chips.get_by_role("link", name="Invitation (2)")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("table")).to_contain_text("2 lignes")
    expect(rows).to_have_count(2)
    expect(rows.locator("th")).to_have_text(["Odile Sabatier", "Mireille Chaussat"])
    axe(page)
    chips.get_by_role("link", name="Erreur (0)").click()
    expect(page.get_by_text("Aucune ligne dans cette catégorie.")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    axe(page)
    chips.get_by_role("link", name="Toutes (7)").click()
    expect(rows).to_have_count(7)

    # Confirm: everything is written at once, and the report stays.
    confirm.click()
    report = page.locator("section.panel", has=page.get_by_role("heading", name="Compte rendu"))
    expect(report).to_be_visible()
    expect(report.locator("li")).to_have_text(
        [
            "2 comptes avec code créés",
            "2 invitations envoyées",
            "4 inscriptions à la formation",
            "1 ligne ignorée",
            "0 ligne en erreur, non importée",
        ]
    )
    expect(report).to_contain_text("Le fichier a été effacé ; ce compte rendu reste.")
    expect(page.get_by_role("heading", name="Aperçu : ce que l'import va faire")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Confirmer l'import"))).to_have_count(0)
    expect(page.get_by_role("heading", name="Lignes du fichier, telles que vérifiées avant l'import")).to_be_visible()
    axe(page)

    member_import = MemberImport.objects.get(organisation__slug=SLUG)
    assert member_import.status == ImportStatus.DONE
    assert bytes(member_import.data) == b""
    course = Course.objects.get(title=COURSE)
    created = User.objects.filter(last_name__in=["Vialle", "Delenne"], email__isnull=True)
    assert created.count() == 2
    assert Membership.objects.current().filter(organisation__slug=SLUG, user__in=created).count() == 2
    invited = Invitation.objects.filter(organisation__slug=SLUG, email__icontains="mairie-privas.exemple.fr")
    assert sorted(invited.values_list("email", flat=True)) == [
        "mireille.chaussat@mairie-privas.exemple.fr",
        "odile.sabatier@mairie-privas.exemple.fr",
    ]
    assert InvitationEnrolment.objects.filter(invitation__in=invited, course=course, due_on=due).count() == 2
    enrolled = Enrolment.objects.filter(course=course, organisation__slug=SLUG, due_on=due)
    assert sorted(enrolled.values_list("user__last_name", flat=True)) == ["Brun", "Delenne", "Roux", "Vialle"]

    # Print the codes of the two accounts created.
    report.get_by_role("link", name="Imprimer les codes des comptes créés").click()
    expect(page.get_by_text("2 comptes de cet import n'ont pas encore servi")).to_be_visible()
    expect(page.get_by_text("cessent de fonctionner", exact=False)).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Créer les codes et afficher la fiche").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Codes d'accès à imprimer")
    expect(page.get_by_text("2 fiches prêtes.")).to_be_visible()
    sheets = page.locator(".access-sheet")
    expect(sheets).to_have_count(2)
    expect(sheets.locator(".access-sheet__name")).to_have_text(["Josiane Delenne", "Lucien Vialle"])
    expect(sheets.locator(".access-sheet__function")).to_have_text(["Agente d'entretien", "Agent de voirie"])
    login_ids = sheets.locator("dd code").all_inner_texts()[0::2]
    assert sorted(login_ids) == sorted(created.values_list("login_id", flat=True))
    for code in sheets.locator("dd code").all_inner_texts()[1::2]:
        assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}", code), code
    axe(page)

    # Back on the Import tab, the import is in the history.
    page.goto(page.url.split("/organisations/")[0] + f"/organisations/{SLUG}/import/")
    history = page.get_by_role("row", name=re.compile("exemple-import-membres.csv"))
    expect(history.locator("td").nth(1)).to_have_text("Michèle Maire")
    expect(history.locator("td").nth(2)).to_have_text("7")
    expect(history.locator("td").nth(3)).to_have_text("Terminé")
    axe(page)


def test_a_file_that_is_not_a_csv_is_refused_next_to_the_field(page_as, axe):
    page = page_as("maire", f"/organisations/{SLUG}/import/")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    page.get_by_label("Fichier CSV").set_input_files({"name": "agents.csv", "mimeType": "text/csv", "buffer": png})
    page.get_by_role("button", name="Vérifier le fichier").click()

    expect(page).to_have_url(re.compile(rf"/organisations/{SLUG}/import/$"))
    summary = page.get_by_role("alert").filter(has_text="Le formulaire contient des erreurs")
    expect(summary).to_contain_text("Fichier CSV : Ce fichier n'est pas un CSV.")
    field = page.get_by_label("Fichier CSV")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("Ce fichier n'est pas un CSV. Dans Excel, choisissez"))
    expect(page.locator("#id_file_erreurs")).to_have_text(
        "Ce fichier n'est pas un CSV. Dans Excel, choisissez « Enregistrer sous », "
        "puis le type « CSV (séparateur : point-virgule) »."
    )
    expect(page.get_by_text("Aucun import pour l'instant.")).to_be_visible()
    assert not MemberImport.objects.exists()
    axe(page)
