"""Attendance on a phone, in Chromium, checked with axe: the trainer marks a slot, a participant
signs in by the QR code's URL, the slot ends, the trainer closes the session and downloads the
attendance sheet (rendered by the task, synchronous in the test settings); the participant then
finds the attestation de présence in their space, and its verification page says valide."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from facetoface.models import Attendance, AttendanceSheet, Slot
from facetoface.services.attendance import presence_token
from tests.factories import CourseFactory, OrganisationFactory, UserFactory
from tests.factories.facetoface import RegistrationFactory, TrainerProfileFactory, TrainingSessionFactory
from tests.helpers.browser import sign_in_context

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
SCREENSHOTS = os.environ.get("PASSERELLE_ATTENDANCE_SCREENSHOTS")


def fits_and_passes_axe(page, axe, name: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways at {PHONE['width']} px ({width} px wide)"
    axe(page)
    if SCREENSHOTS:  # for a person to look at: 320 px, 375 px and desktop
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        for width in (320, 1280, PHONE["width"]):
            page.set_viewport_size({"width": width, "height": PHONE["height"]})
            page.screenshot(path=str(Path(SCREENSHOTS) / f"attendance-{name}-{width}.png"), full_page=True)


def test_a_trainer_takes_attendance_and_closes_the_session(live_site, browser, browser_context_args, axe):
    """Marks by tap, a self sign-in by QR code, closing, and the sheet's PDF, at 375 px."""
    course = CourseFactory(title="Accompagner les familles au numérique")
    start = timezone.now() - timedelta(minutes=20)
    session = TrainingSessionFactory(
        course=course,
        organiser=OrganisationFactory(name="Mairie de Privas"),
        title="Atelier familles",
        slots=[(start, start + timedelta(hours=3))],
    )
    trainer = TrainerProfileFactory(user=UserFactory(first_name="Nadia", last_name="Berger"))
    session.trainers.add(trainer)
    slot = session.slots.get()
    alice = RegistrationFactory(session=session, user=UserFactory(first_name="Alice", last_name="Durand"))
    bruno = RegistrationFactory(session=session, user=UserFactory(first_name="Bruno", last_name="Lefèvre"))
    chloe = RegistrationFactory(session=session, user=UserFactory(first_name="Chloé", last_name="Moreau"))

    trainer_context = browser.new_context(**{**browser_context_args, "viewport": PHONE})
    trainer_context.set_default_timeout(8_000)
    sign_in_context(trainer_context, live_site.url, trainer.user)
    page = trainer_context.new_page()
    page.goto(f"{live_site.url}/sessions/{session.pk}/")
    page.get_by_role("link", name="Présences et feuille d'émargement").click()
    page.get_by_role("link", name=timezone.localtime(slot.start).strftime("%H:%M"), exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Présences")
    page.get_by_role("group", name="Présence de Alice Durand").get_by_role("button", name="Présent").click()
    expect(page.locator(f"#personne-{alice.pk}")).to_contain_text("présent à")
    page.get_by_role("group", name="Présence de Bruno Lefèvre").get_by_role("button", name="Absent").click()
    expect(page.locator(f"#personne-{bruno.pk}")).to_contain_text("absent à")
    fits_and_passes_axe(page, axe, "slot")
    page.get_by_role("link", name="Afficher le code QR de signature").click()
    expect(page.locator("svg.qr")).to_be_visible()
    fits_and_passes_axe(page, axe, "qr")

    participant_context = browser.new_context(**{**browser_context_args, "viewport": PHONE})
    participant_context.set_default_timeout(8_000)
    sign_in_context(participant_context, live_site.url, chloe.user)
    phone = participant_context.new_page()
    phone.goto(f"{live_site.url}/sessions/presence/{presence_token(slot)}/")
    phone.get_by_role("button", name="Je suis présent").click()
    expect(phone.get_by_role("status")).to_contain_text("Votre présence est notée")
    fits_and_passes_axe(phone, axe, "presence")
    phone.goto(f"{live_site.url}/sessions/presence/forged:token/")
    expect(phone.get_by_role("alert")).to_contain_text("Ce code n'est pas valide")
    assert Attendance.objects.get(registration=chloe).method == "self"

    # The slot ends.
    Slot.objects.filter(pk=slot.pk).update(start=start - timedelta(hours=3), end=timezone.now() - timedelta(minutes=1))
    page.goto(f"{live_site.url}/sessions/{session.pk}/presences/")
    page.get_by_role("button", name="Clore la session").click()
    sheet_link = page.get_by_role("link", name="Feuille d'émargement, version 1", exact=False)
    expect(sheet_link).to_be_visible()
    fits_and_passes_axe(page, axe, "closed")
    response = page.request.get(live_site.url + sheet_link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    sheet = AttendanceSheet.objects.get(session=session)
    assert sheet.version == 1
    if SCREENSHOTS:
        (Path(SCREENSHOTS) / "attendance-sheet.pdf").write_bytes(response.body())
    # A participant cannot download it.
    assert phone.request.get(f"{live_site.url}/sessions/{session.pk}/emargement/v1.pdf").status == 404
    # Closing issued the attestations de présence (the task is synchronous here): Chloé's is in her space.
    phone.goto(f"{live_site.url}/mon-espace/")
    expect(phone.get_by_text("Attestation de présence", exact=False).first).to_be_visible()
    fits_and_passes_axe(phone, axe, "dashboard")
    attestation = Certificate.objects.get(kind="presence", user=chloe.user)
    assert set(Certificate.objects.filter(kind="presence").values_list("user_id", flat=True)) == {
        alice.user_id,
        chloe.user_id,
    }
    phone.goto(f"{live_site.url}/verifier/{attestation.code}/")
    expect(phone.locator("main")).to_contain_text("Valide")
    expect(phone.locator("main")).to_contain_text("ttestation de présence")
    fits_and_passes_axe(phone, axe, "verify")
    download = phone.request.get(f"{live_site.url}/attestations/{attestation.code}/pdf/")
    assert download.status == 200 and download.body().startswith(b"%PDF")
    if SCREENSHOTS:
        (Path(SCREENSHOTS) / "attestation-presence.pdf").write_bytes(download.body())
    trainer_context.close()
    participant_context.close()
