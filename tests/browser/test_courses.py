"""Courses in Chromium: a visitor reads a module on a narrow phone; a trainer writes one in the
Wagtail admin and submits it, and the moderator approves it into tracking."""

import base64
import os
import re
from pathlib import Path

from django.core.files.base import ContentFile

import pytest
from playwright.sync_api import expect

from tests.factories.cms import (
    CoursePageAuthorFactory,
    CoursePageFactory,
    ModulePageFactory,
    block_id,
    paragraph_block,
    quiz_block,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
# A directory to keep screenshots of the journey in, for a person to look at (none by default).
SCREENSHOTS = os.environ.get("PASSERELLE_COURSE_SCREENSHOTS")
CAPTIONS = """WEBVTT

00:00.000 --> 00:01.000
Bonjour, voici le contrôle parental.
"""
# Records about one second of a canvas animation with MediaRecorder: a real, tiny WebM made offline.
RECORD_WEBM = """async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext("2d");
    let frame = 0;
    const draw = setInterval(() => {
        context.fillStyle = frame++ % 2 ? "#1d4ed8" : "#f59e0b";
        context.fillRect(0, 0, canvas.width, canvas.height);
    }, 40);
    const recorder = new MediaRecorder(canvas.captureStream(25), {mimeType: "video/webm;codecs=vp8"});
    const chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    recorder.stop();
    await stopped;
    clearInterval(draw);
    const bytes = new Uint8Array(await new Blob(chunks, {type: "video/webm"}).arrayBuffer());
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
}"""


@pytest.fixture(scope="module")
def tiny_webm(browser) -> bytes:
    """About one second of video, recorded by Chromium itself (no file in the repository)."""
    context = browser.new_context()
    try:
        data = base64.b64decode(context.new_page().evaluate(RECORD_WEBM))
    finally:
        context.close()
    assert data[:4] == b"\x1a\x45\xdf\xa3", "not a WebM (EBML) file"
    return data


# Wagtail's own admin markup, not ours: its Draftail rich-text editors (our paragraph block and
# the video's transcript) are contenteditable role="textbox" elements with no accessible name, only
# an aria-describedby placeholder (aria-input-field-name, serious).
WAGTAIL_EDITOR_RULES = ("aria-input-field-name",)
# And Wagtail's chooser modal (its Bootstrap `.modal`, role="dialog") has neither aria-label nor
# aria-labelledby pointing at its "Choisir un document" heading (aria-dialog-name, serious).
WAGTAIL_CHOOSER_RULES = (*WAGTAIL_EDITOR_RULES, "aria-dialog-name")


def faded_in(locator) -> None:
    """Wait until the element is opaque and done moving: Wagtail fades its messages and dropdowns
    in, and axe measuring a half-faded one reports a contrast failure that no person would see."""
    locator.page.wait_for_function(
        """element => getComputedStyle(element).opacity === "1"
            && element.getAnimations({subtree: true}).every(animation => animation.playState !== "running")""",
        arg=locator.element_handle(),
    )


def message_shown(page) -> None:
    faded_in(page.get_by_role("status").locator("> ul"))


def dropdown_shown(page) -> None:
    faded_in(page.locator('.tippy-box[data-state="visible"]'))


def snapshot(page, name: str, *, tall: bool = False) -> None:
    """Save courses-<name>.png in PASSERELLE_COURSE_SCREENSHOTS, if set. The Wagtail admin scrolls
    inside its own layout, so a whole admin form (tall=True) needs a tall window for a moment."""
    if not SCREENSHOTS:
        return
    path = str(Path(SCREENSHOTS) / f"courses-{name}.png")
    if not tall:
        page.screenshot(path=path, full_page=True)
        return
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 3200})
    page.screenshot(path=path)
    page.set_viewport_size(size)


DRAFTAIL = '[contenteditable="true"][role="textbox"]'


def streamfield_still(page) -> None:
    """Wagtail slides new StreamField blocks and their "Ajouter" buttons in with jQuery: clicking
    inside one while it still grows can land on whatever is being uncovered."""
    page.wait_for_function("() => window.jQuery(':animated').length === 0")


def add_block(page, label: str) -> None:
    """Append a block to the module's body through the "Insérer un bloc" menu."""
    page.get_by_role("button", name="Insérer un bloc").last.click()
    page.get_by_role("option", name=label).click()
    streamfield_still(page)


def documents(webm: bytes):
    """The video and its captions, as Wagtail documents."""
    from wagtail.documents.models import Document

    video = Document.objects.create(title="Régler le contrôle parental", file=ContentFile(webm, name="reglages.webm"))
    captions = Document.objects.create(
        title="Sous-titres — Régler le contrôle parental",
        file=ContentFile(CAPTIONS.encode(), name="reglages.vtt"),
    )
    return video, captions


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways at {PHONE['width']} px ({width} px wide)"


def test_visitor_reads_a_course_and_a_module_on_a_phone(live_site, page, tiny_webm, axe):
    video, captions = documents(tiny_webm)
    course = CoursePageFactory(title="Les écrans en famille", slug="ecrans-en-famille", live=False)
    CoursePageAuthorFactory(page=course)
    published(course)
    quiz = quiz_block(
        [
            (
                "Que régler en premier sur la tablette ?",
                [("Le contrôle parental", True), ("Le fond d'écran", False)],
                "FEEDBACK-SECRET : le contrôle parental protège dès le premier jour.",
            )
        ],
        title="Testez-vous",
    )
    module = ModulePageFactory(
        parent=course,
        title="Régler la tablette",
        slug="regler-la-tablette",
        estimated_minutes=15,
        live=False,
        body=[
            paragraph_block("<p>Avant de confier la tablette, prenez dix minutes pour la régler.</p>"),
            {"type": "heading", "id": block_id(), "value": {"text": "Le contrôle parental", "level": "h2"}},
            {
                "type": "callout",
                "id": block_id(),
                "value": {"kind": "parents", "body": "<p>Faites-le avec votre enfant : il comprendra.</p>"},
            },
            {
                "type": "video",
                "id": block_id(),
                "value": {
                    "title": "Régler le contrôle parental en une minute",
                    "video": video.pk,
                    "captions": captions.pk,
                    "poster": None,
                    "transcript": "<p>Ouvrez les réglages, puis choisissez « Contrôle parental ».</p>",
                },
            },
            quiz,
        ],
    )
    published(module)

    page.set_viewport_size(PHONE)
    page.goto(live_site.url + "/formations/")
    expect(page.locator("h1")).to_have_count(1)
    no_horizontal_scroll(page)
    axe(page)
    page.get_by_role("link", name="Les écrans en famille", exact=True).click()

    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("Les écrans en famille")
    no_horizontal_scroll(page)
    axe(page)
    page.get_by_role("link", name="Régler la tablette", exact=True).click()

    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("Régler la tablette")
    no_horizontal_scroll(page)
    axe(page)
    expect(page.get_by_role("heading", level=2, name="Le contrôle parental")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("Faites-le avec votre enfant")

    player = page.locator("video")
    expect(player).to_have_count(1)
    track = player.locator('track[kind="captions"]')
    expect(track).to_have_count(1)
    expect(track).to_have_attribute("srclang", "fr")
    # The files really play: the video's metadata and the captions' cues load from the document URLs.
    for url, content_type in (
        (player.locator("source").get_attribute("src"), "video/webm"),
        (track.get_attribute("src"), "text/vtt"),
    ):
        response = page.request.get(live_site.url + url)
        assert response.ok and response.headers["content-type"].startswith(content_type), (url, response.headers)
    player.evaluate("video => { video.preload = 'auto'; video.load(); }")
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    page.wait_for_function("() => document.querySelector('video').textTracks[0].cues?.length === 1")

    transcript = page.locator("details.transcript")
    expect(transcript.get_by_text("Ouvrez les réglages")).to_be_hidden()
    transcript.locator("summary").click()
    expect(transcript).to_have_attribute("open", "")
    expect(transcript.get_by_text("Ouvrez les réglages")).to_be_visible()
    no_horizontal_scroll(page)
    axe(page)

    question = page.get_by_role("group", name="Question 1 — Que régler en premier sur la tablette ?")
    expect(question).to_be_visible()
    expect(question.get_by_role("radio")).to_have_count(2)
    expect(question.get_by_role("radio", name="Le contrôle parental")).to_be_visible()
    expect(question.get_by_role("radio", name="Le fond d'écran")).to_be_visible()
    snapshot(page, "module-320")

    # Neither the explanation nor which answer is right reaches the browser before submission
    # (the HTML as served: the DOM now also holds the axe-core script, whose texts say "correct").
    html = page.request.get(page.url).text()
    assert "Que régler en premier sur la tablette ?" in html
    assert "FEEDBACK-SECRET" not in html
    assert "le contrôle parental protège" not in html
    assert not re.search(r"correct[\w-]*=|\"correct\"", html, re.IGNORECASE), "an answer key in the markup"
    # The right and the wrong answers are the same markup, bar their random ids.
    choices = [re.sub(r' (id|value)="[^"]*"', "", tag) for tag in re.findall(r"<input [^>]*radio[^>]*>", html)]
    assert len(choices) == 2 and choices[0] == choices[1] and "checked" not in choices[0], choices


def test_trainer_submits_a_module_and_the_moderator_approves_it(page_as, page_for, tiny_webm, axe, settings):
    from cms.models import ModulePage
    from courses.models import Module
    from lms.accounts.models import User

    # Wagtail's autosave creates the page in the background 500 ms after an edit: a submission that
    # lands while that first autosave is in flight posts to the create view again and fails on the
    # slug. A person pauses; a test does not. The live server reads the setting on each request.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0

    course = CoursePageFactory(title="Les écrans en famille", slug="ecrans-en-famille", live=False)
    CoursePageAuthorFactory(page=course)
    published(course)
    documents(tiny_webm)

    page = page_as("formatrice", "/admin/")
    axe(page)
    # Trainers now write under /formations/ and /scenarios/: the explorer opens at the home page,
    # whose children are the two sections.
    page.get_by_role("button", name="Pages").click()
    expect(page.get_by_role("link", name="Scénarios pédagogiques", exact=True)).to_be_visible()
    page.get_by_role("link", name="Formations", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Formations")
    page.goto(page.url.split("/admin/")[0] + f"/admin/pages/{course.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Les écrans en famille")
    axe(page)
    page.get_by_role("link", name="Ajouter une sous-page").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/cms/modulepage/\d+/$"))
    axe(page)

    page.get_by_role("textbox", name="Titre*", exact=True).fill("Régler le contrôle parental")
    page.get_by_label("Durée estimée (minutes)").fill("20")

    add_block(page, "Texte")
    page.locator(DRAFTAIL).last.click()
    page.keyboard.type("Avant de confier la tablette, prenez dix minutes pour la régler.")

    add_block(page, "Vidéo sous-titrée")
    page.get_by_label("Titre de la vidéo").fill("Le contrôle parental en une minute")
    # Wagtail's chooser modal is a role="dialog" without an accessible name: found by its heading.
    chooser = page.get_by_role("dialog").filter(has=page.get_by_role("heading", name="Choisir un document"))
    page.locator('[data-contentpath="video"]').get_by_role("button", name="Choisir un document").click()
    expect(chooser.get_by_role("link", name="Régler le contrôle parental", exact=True)).to_be_visible()
    faded_in(chooser)
    axe(page, disabled_rules=WAGTAIL_CHOOSER_RULES)
    chooser.get_by_role("link", name="Régler le contrôle parental", exact=True).click()
    expect(chooser).to_be_hidden()
    page.locator('[data-contentpath="captions"]').get_by_role("button", name="Choisir un document").click()
    chooser.get_by_role("link", name="Sous-titres — Régler le contrôle parental").click()
    expect(chooser).to_be_hidden()
    expect(page.locator('[data-contentpath="video"]')).to_contain_text("Régler le contrôle parental")
    expect(page.locator('[data-contentpath="captions"]')).to_contain_text("Sous-titres — Régler le contrôle parental")
    page.locator(f'[data-contentpath="transcript"] {DRAFTAIL}').click()
    page.keyboard.type("Ouvrez les réglages, puis choisissez « Contrôle parental ».")

    add_block(page, "Quiz")
    page.get_by_label("Titre du quiz").fill("Testez-vous")
    page.get_by_role("textbox", name="Question*", exact=True).fill("Que régler en premier sur la tablette ?")
    page.locator('[data-contentpath="choices"]').get_by_role("button", name="Ajouter").last.click()
    answers = page.get_by_label("Réponse proposée")
    expect(answers).to_have_count(2)
    streamfield_still(page)
    answers.nth(0).fill("Le fond d'écran")
    answers.nth(1).fill("Le contrôle parental")
    page.get_by_label("Bonne réponse").nth(1).check()
    page.get_by_label("Explication").fill("Le contrôle parental protège dès le premier jour.")
    snapshot(page, "admin-blocks", tall=True)
    axe(page, disabled_rules=WAGTAIL_EDITOR_RULES)

    page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Soumettre à Relecture des formations").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Page « Régler le contrôle parental » créée et soumise pour modération."
    )
    message_shown(page)
    axe(page)

    module_page = ModulePage.objects.get(title="Régler le contrôle parental")
    assert not module_page.live
    assert module_page.workflow_in_progress
    assert not Module.objects.filter(source_page_id=module_page.pk).exists()

    moderator = page_for(User.objects.get(email="moderatrice@exemple.fr"), "/admin/")
    review = moderator.get_by_role("region", name="En attente de votre vérification")
    expect(review.get_by_role("row", name="Régler le contrôle parental")).to_contain_text("Fanny Formatrice")
    axe(moderator)
    review.get_by_role("link", name="Régler le contrôle parental").click()
    expect(moderator).to_have_url(re.compile(rf"/admin/pages/{module_page.pk}/edit/$"))
    expect(moderator.get_by_role("textbox", name="Question*", exact=True)).to_have_value(
        "Que régler en premier sur la tablette ?"
    )
    moderator.locator("footer").get_by_role("button", name="Plus d'actions").click()
    approve = moderator.get_by_role("button", name="Approuver et Publier", exact=True)
    expect(approve).to_be_visible()
    dropdown_shown(moderator)
    snapshot(moderator, "moderator-approve")
    axe(moderator, disabled_rules=WAGTAIL_EDITOR_RULES)
    approve.click()
    expect(moderator.get_by_role("status")).to_contain_text(
        "La page « Régler le contrôle parental » a été mise à jour."
    )
    message_shown(moderator)
    expect(moderator.get_by_role("row", name="Régler le contrôle parental")).to_contain_text("publiée")
    snapshot(moderator, "moderator-approved")
    axe(moderator)

    module_page.refresh_from_db()
    assert module_page.live
    assert not module_page.workflow_in_progress
    module = Module.objects.get(source_page_id=module_page.pk)
    assert module_page.module == module
    assert module.is_published and module.url == "/formations/ecrans-en-famille/regler-le-controle-parental/"
    ((quiz_id, key),) = module.quiz_key.items()
    quiz = next(block for block in module_page.body if block.block_type == "quiz")
    assert quiz_id == quiz.id
    question = quiz.value["questions"].bound_blocks[0]
    choices = {choice.value["text"]: choice.id for choice in question.value["choices"].bound_blocks}
    assert key == {
        "title": "Testez-vous",
        "questions": [
            {
                "id": question.id,
                "multiple": False,
                "choices": [choices["Le fond d'écran"], choices["Le contrôle parental"]],
                "correct": [choices["Le contrôle parental"]],
                "feedback": "Le contrôle parental protège dès le premier jour.",
            }
        ],
    }

    # Visitors now read it, with the documents chosen in the admin, and without the answer key.
    visitor = page_for(None, module.url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Régler le contrôle parental")
    expect(visitor.locator('video source[type="video/webm"]')).to_have_count(1)
    expect(visitor.locator('video track[kind="captions"]')).to_have_count(1)
    expect(visitor.get_by_role("radio")).to_have_count(2)
    axe(visitor)
    html = visitor.request.get(visitor.url).text()
    assert "Le contrôle parental protège" not in html
