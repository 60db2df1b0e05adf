"""An attestation de présence on its public verification page and on the holder's dashboard,
in Chromium at 320 px and on a desktop, checked with axe."""

import os

import pytest
from playwright.sync_api import expect

from certificates import subjects
from certificates.services import certificate_issue_for_subject
from certificates.subjects import Subject, register_subject
from tests.courses.conftest import build_course
from tests.factories import UserFactory
from tests.helpers.browser import sign_in_context

pytestmark = pytest.mark.browser

VIEWPORTS = {"mobile": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
SCREENSHOTS = os.environ.get("PRESENCE_SCREENSHOTS", "")  # a directory to keep them in, for a person


@pytest.fixture
def presence(live_site, monkeypatch):
    monkeypatch.setattr("certificates.services.enqueue", lambda *args: None)  # no worker: PDF stays pending
    learner = UserFactory(first_name="Ange", last_name="Agnet", audiences=["parent"])
    course = build_course().course

    def build(key):
        """As facetoface registers it: the frozen content of one registration."""
        return Subject(
            user=learner,
            course=course,
            snapshot={
                "holder_name": "Ange Agnet",
                "course_title": course.title,
                "session_title": "Atelier parentalité numérique à la mairie de Privas",
                "dates": [{"date": "2026-11-24", "start": "9:00", "end": "12:30"}],
                "place": "Mairie de Privas, 1 place de l'Hôtel de ville, 07000 Privas",
                "trainers": ["Claire Formatrice"],
                "attended_hours": "3.5",
            },
        )

    register_subject("browser.registration", build)
    certificate = certificate_issue_for_subject(kind="presence", subject_key="browser.registration:1")
    yield certificate, learner
    subjects._builders.pop("browser.registration")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_presence_attestation_verifies_and_shows_on_the_dashboard(live_site, presence, page, axe, viewport):
    certificate, learner = presence
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_site.url}/verifier/{certificate.code}/")
    expect(page.locator("#verdict")).to_contain_text("Valide")
    expect(page.locator(".verification-facts")).to_contain_text("Attestation de présence")
    expect(page.locator(".verification-facts")).to_contain_text("3,5 h")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/presence-verify-{viewport}.png", full_page=True)
    sign_in_context(page.context, live_site.url, learner)
    page.goto(f"{live_site.url}/mon-espace/")
    expect(page.locator("#mes-attestations + ul")).to_contain_text("Attestation de présence — session")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    if SCREENSHOTS:
        page.locator("#mes-attestations").scroll_into_view_if_needed()
        page.screenshot(path=f"{SCREENSHOTS}/presence-dashboard-{viewport}.png", full_page=True)
