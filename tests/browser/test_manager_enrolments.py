"""The mayor enrols the commune's agents in the agents' course and follows them; an agent then
finds the course on their dashboard. In Chromium, with axe."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from lms.accounts.models import User

pytestmark = pytest.mark.browser

COURSE = "Administrer le parc numérique d'une école"


def test_mayor_enrols_agents_and_follows_them(page_as, page_for, axe):
    page = page_as("maire", "/organisations/mairie-de-privas/")
    page.get_by_role("link", name="Inscriptions").click()
    expect(page.get_by_role("heading", name="Inscrire à une formation")).to_be_visible()
    axe(page)
    page.get_by_label("Formation").select_option(label=COURSE)
    page.get_by_label("Tous les membres d'un public").check()
    page.locator("#id_audience").select_option("agent")
    due = timezone.localdate() + timedelta(days=45)
    page.get_by_label("À terminer avant le").fill(due.isoformat())
    page.get_by_role("button", name="Inscrire", exact=True).click()
    expect(page.get_by_text(re.compile(r"\d+ inscriptions? créées?"))).to_be_visible()
    # Ange follows another course of the demo data too: find the row of this one.
    expect(page.get_by_role("row").filter(has_text="AGENT Ange").filter(has_text=COURSE)).to_have_count(1)
    axe(page)

    page.get_by_role("link", name="Suivi").click()
    row = page.get_by_role("row", name=COURSE)
    # Everyone just enrolled has not started, but Ange, whom the demo data has already taken
    # through this blended course (modules and hours of presence): 22 not started, 1 completed.
    expect(row.get_by_role("cell")).to_have_text(["23", "22 (96 %)", "0 (0 %)", "1 (4 %)", "0 (0 %)"])
    axe(page)
    page.get_by_role("link", name="Export", exact=True).click()
    expect(page.get_by_role("heading", name="Inscriptions et progression")).to_be_visible()
    axe(page)
    page.get_by_label("Formation").select_option(label=COURSE)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger les inscriptions (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("inscriptions-mairie-de-privas-")
    exported = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "Agent;Ange;agent@exemple.fr;" + COURSE in exported
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger les membres (CSV)").click()
    assert "Maire;Michèle;maire@exemple.fr" in Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    page.get_by_role("link", name="Journal").click()
    expect(page.get_by_text(re.compile(f"inscrites? à « {re.escape(COURSE)} »"))).to_be_visible()
    expect(page.get_by_text("Export des inscriptions (CSV)")).to_be_visible()
    axe(page)

    # An agent enrolled just now (Ange has finished the course already) finds it on their dashboard.
    agent = page_for(User.objects.get(login_id="nathalie.roux-privas"), "/mon-espace/")
    card = agent.locator(".course-card", has_text=COURSE)
    expect(card).to_contain_text(f"À terminer avant le {due.day}")
    expect(card).to_contain_text("Suivie par : Mairie de Privas")
    axe(agent)
