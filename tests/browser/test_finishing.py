"""What a parent sees around finishing a course, in Chromium with axe (issue 32): a quiz sent
blank asks for an answer; the attestation shows at once as "en préparation" and its download
appears without a reload; a module a trainer adds later is "nouveau contenu" and does not
reopen the finished course."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_render
from cms.models import CoursePage
from courses.models import Enrolment, QuizAttempt
from tests.browser.test_certificates import PARENT_COURSE, complete_course, on_a_phone
from tests.factories import ModulePageFactory

pytestmark = pytest.mark.browser

SCREENSHOTS = str(Path(tempfile.gettempdir()) / "h32a")  # for a person to look at


def screenshots(page, name: str) -> None:
    for width, height in ((320, 700), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SCREENSHOTS}-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_parent_finishes_waits_for_the_attestation_then_meets_new_content(page_as, demo_data, axe, monkeypatch):
    # The worker is busy: the issue and the PDF wait in the queue (this test does their work).
    queued = []
    monkeypatch.setattr("certificates.services.enqueue", lambda func, *args: queued.append((func, args)))
    page = page_as("parent", "/formations/accompagner-son-enfant-sur-internet/")
    page.get_by_role("button", name="S'inscrire").click()
    page.get_by_role("link", name="Commencer", exact=True).click()

    # A quiz sent with nothing ticked asks for an answer next to each question, and counts nothing.
    quiz = page.locator(".quiz").first
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(page.get_by_role("alert")).to_contain_text("Répondez à chaque question avant de valider")
    expect(quiz.get_by_text("Choisissez une réponse.").first).to_be_visible()
    assert not QuizAttempt.objects.filter(enrolment__user__email="parent@exemple.fr").exists()
    axe(page)
    screenshots(page, "quiz-blank")

    complete_course(page, PARENT_COURSE, axe)
    enrolment = Enrolment.objects.get(user__email="parent@exemple.fr", course__title=PARENT_COURSE)
    # The course's attestation, beside the demo's attestation de présence of the same course.
    card = page.locator(".certificate-card", has_text=PARENT_COURSE).filter(has_not_text="Attestation de présence")
    expect(card).to_contain_text("Attestation en préparation")
    expect(page.get_by_text("Vos attestations apparaîtront ici")).to_have_count(0)
    axe(page)
    on_a_phone(page, axe)
    screenshots(page, "attestation-pending")

    # The worker issues it: the verification page answers at once, the PDF follows.
    certificate = certificate_issue(enrolment_id=enrolment.pk, cycle=enrolment.cycle)
    expect(card).to_contain_text("PDF en préparation", timeout=15_000)
    expect(card.get_by_role("link", name=f"Page de vérification — {PARENT_COURSE}")).to_be_visible()
    certificate_render(certificate_id=certificate.pk)
    expect(card.get_by_role("link", name=f"Télécharger le PDF — {PARENT_COURSE}")).to_be_visible(timeout=20_000)
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1  # no reload
    axe(page)
    screenshots(page, "attestation-ready")

    # A trainer adds a required module: the course stays finished, the module is new content.
    course_page = CoursePage.objects.get(course=enrolment.course, alias_of__isnull=True)
    added = ModulePageFactory(parent=course_page, live=False, title="Les réseaux sociaux en famille")
    added.save_revision().publish()
    page.goto(demo_data.url + "/formations/accompagner-son-enfant-sur-internet/")
    expect(page.get_by_text(re.compile("Formation terminée le"))).to_be_visible()
    expect(page.get_by_text(re.compile("Votre progression"))).to_have_count(0)
    expect(page.get_by_text(re.compile("Un module a été ajouté depuis"))).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Les réseaux sociaux en famille")).to_contain_text(
        "nouveau contenu"
    )
    axe(page)
    screenshots(page, "course-new-content")
    page.get_by_role("link", name="Voir le nouveau contenu").click()
    page.get_by_role("button", name="J'ai terminé ce module").click()
    expect(page.get_by_text("Votre formation était déjà terminée : votre attestation reste valable.")).to_be_visible()
    expect(page.get_by_text(re.compile("Bravo"))).to_have_count(0)
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
