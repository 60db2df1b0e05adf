"""Issue 32, as a mayor and a parent walk it at 320 px and at desktop width, with axe: an import
with an over-long name and a duplicate row keeps its preview within the page and says why on each
row; the parents' first module plays the demo's captioned video, with a poster. Screenshots go
to $SCREENSHOT_DIR when it is set."""

import os
import re

import pytest
from playwright.sync_api import expect

from cms.models import CoursePage, ModulePage
from demo.video import COURSE_SLUG

pytestmark = pytest.mark.browser

VIEWPORTS = {"mobile": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
LONG_NAME = "Martin" + "e" * 394


def screenshot(page, name: str) -> None:
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_mayor_previews_an_import_with_a_long_name_and_a_duplicate(page_as, axe, viewport, tmp_path):
    size = VIEWPORTS[viewport]
    data = f"Nom;Prénom;Courriel\nRoux;Nina;nina@exemple.fr\n{LONG_NAME};Paul;\nRoux;Nina;nina@exemple.fr\n"
    csv = tmp_path / "agents.csv"
    csv.write_text(data, encoding="utf-8")
    page = page_as("maire", "/organisations/mairie-de-privas/import/")
    page.set_viewport_size(size)
    page.get_by_label("Fichier CSV").set_input_files(csv)
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("heading", name="Aperçu : ce que l'import va faire")).to_be_visible()
    rows = page.get_by_role("region", name="Lignes du fichier, défilable horizontalement").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("Le nom compte 400 caractères, pour 150 au plus")
    expect(rows.nth(1)).to_contain_text("Erreur")
    expect(rows.nth(2)).to_contain_text("Doublon de la ligne 2.")
    expect(rows.nth(2)).to_contain_text("Ignorée")
    # The page never scrolls sideways; at desktop width the table fits its box too.
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    if viewport == "desktop":
        wrap = page.get_by_role("region", name="Lignes du fichier, défilable horizontalement")
        assert wrap.evaluate("element => element.scrollWidth <= element.clientWidth")
    axe(page)
    screenshot(page, f"h32b-import-preview-{viewport}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_parent_watches_the_demo_video_with_captions_and_a_poster(page_as, axe, viewport):
    module_page = ModulePage.objects.child_of(CoursePage.objects.get(slug=COURSE_SLUG)).live().order_by("path")[0]
    page = page_as("parent", module_page.url)
    page.set_viewport_size(VIEWPORTS[viewport])
    video = page.locator("figure.video video")
    expect(video).to_have_attribute("poster", re.compile(r"\.png$"))
    expect(page.locator("figure.video figcaption")).to_have_text("Passerelle en images : une formation pour chacun")
    # The files are served and the French captions load: 5 cues, the first one about parents.
    video.evaluate("element => { element.preload = 'auto'; element.load(); }")
    page.wait_for_function("document.querySelector('figure.video video').readyState >= 1")
    assert round(video.evaluate("element => element.duration")) == 21
    page.wait_for_function("document.querySelector('figure.video video').textTracks[0].cues?.length === 5")
    first_cue = video.evaluate("element => element.textTracks[0].cues[0].text")
    assert first_cue.startswith("Passerelle forme les parents")
    page.get_by_text("Lire la transcription").click()
    expect(page.locator("figure.video .transcript li")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    axe(page)
    screenshot(page, f"h32b-video-{viewport}")
