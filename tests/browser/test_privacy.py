"""Privacy rights in Chromium, checked with axe: the demo parent downloads their data and opens
the archive, then asks for erasure; the demo admin previews and processes it; the parent's
attestation still verifies, without a name; nothing of the parent remains in the database."""

import io
import json
import os
import zipfile
from pathlib import Path

from django.core.cache import cache

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from lms.accounts.models import User
from tests.factories import CertificateFactory, EnrolmentFactory
from tests.privacy.test_erasure import rows_mentioning

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
SCREENSHOTS = os.environ.get("PASSERELLE_PRIVACY_SCREENSHOTS")


def look(page, axe, name: str) -> None:
    """Axe at desktop and at 320 px without sideways scroll; screenshots if asked for."""
    axe(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    axe(page)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/privacy-{name}-320.png", full_page=True)
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=f"{SCREENSHOTS}/privacy-{name}-1280.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_parent_downloads_then_erases_and_the_attestation_still_verifies(page_as, page_for, demo_data, axe, settings):
    settings.SITE_URL = demo_data.url
    cache.clear()
    parent = User.objects.get(email="parent@exemple.fr")
    certificate = Certificate.objects.filter(user=parent).first() or CertificateFactory(
        enrolment=EnrolmentFactory(user=parent, status="completed")
    )
    # The demo parent's last name is a common word ("Parent"): look for the full name instead.
    words = {parent.email, parent.get_full_name(), parent.login_id}
    words |= {json.dumps(word)[1:-1] for word in words}

    page = page_as("parent", "/compte/")
    look(page, axe, "compte")
    page.get_by_role("button", name="Télécharger mes données").click()
    link = page.get_by_role("link", name="Télécharger l'archive prête")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        names = archive.namelist()
        assert "LISEZMOI.txt" in names and "Vos données personnelles" in archive.read("LISEZMOI.txt").decode()
        account = json.loads(archive.read("donnees/accounts.User.json"))
        assert account["enregistrements"][0]["email"] == "parent@exemple.fr"

    page.get_by_role("link", name="Supprimer mon compte").click()
    look(page, axe, "suppression")
    page.get_by_role("button", name="Confirmer la demande de suppression").click()
    expect(page.get_by_text("Vous avez demandé la suppression de votre compte")).to_be_visible()

    admin = page_for(User.objects.get(email="admin@exemple.fr"), "/admin/donnees-personnelles/")
    axe(admin)
    admin.get_by_role("link", name=parent.get_full_name()).click()
    expect(admin.get_by_role("heading", name="Aperçu de l'effacement")).to_be_visible()
    expect(admin.get_by_role("rowheader", name="Attestations")).to_be_visible()
    axe(admin)
    if SCREENSHOTS:
        admin.screenshot(path=f"{SCREENSHOTS}/privacy-apercu-1280.png", full_page=True)
    admin.get_by_label("J'ai lu l'aperçu").check()
    admin.get_by_role("button", name="Effacer définitivement").click()
    expect(admin.get_by_text("La personne est effacée")).to_be_visible()

    verify = page_for(None, f"/verifier/{certificate.code}/")
    expect(verify.locator("#verdict")).to_contain_text("Valide")
    expect(verify.get_by_text("donnée supprimée à sa demande")).to_be_visible()
    look(verify, axe, "verifier")
    assert not User.objects.filter(email="parent@exemple.fr").exists()
    assert rows_mentioning(words) == []
