"""Uploaded media in Chromium with debug off, as `make run` now serves: a trainer uploads an
image and a video through the Wagtail admin, and the public module page that uses them shows the
image and loads the video."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.factories.cms import CoursePageFactory, ModulePageFactory, block_id, paragraph_block, publish

pytestmark = pytest.mark.browser

# One second of VP8 (2.5 KB), recorded by Chromium's MediaRecorder from a canvas with the
# script RECORD_WEBM of tests/browser/test_courses.py: no ffmpeg here.
VIDEO = Path(__file__).resolve().parents[1] / "data" / "video-1s.webm"
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:01.000\nLa tablette, réglée en une minute.\n"


def png() -> bytes:
    """A real PNG for Wagtail to decode and resize: a tablet drawn on a light background."""
    image = Image.new("RGB", (640, 400), "#e0e7ff")
    ImageDraw.Draw(image).rounded_rectangle((220, 60, 420, 340), radius=24, fill="#1d4ed8")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def upload(page, path: str, title: str, file: dict, added: str) -> None:
    """Send one file through a Wagtail "add" form, as a person would, and wait for its message."""
    page.goto(page.url.split("/admin/")[0] + path)
    page.get_by_label("Fichier").set_input_files(file)
    title_box = page.get_by_role("textbox", name=re.compile(r"^Titre"))
    # Wagtail's script fills the title from the file name a moment later; typing before it did
    # gave "reglagesRégler…" once in CI. Wait for it, then type ours over it.
    expect(title_box).to_have_value(file["name"].rsplit(".", 1)[0])
    title_box.fill(title)
    expect(title_box).to_have_value(title)
    page.get_by_role("button", name="Transférer").click()
    expect(page.get_by_role("status")).to_contain_text(added)


def test_uploaded_image_and_video_load_with_debug_off(page_as, page_for, settings, tmp_path, axe):
    from wagtail.documents.models import Document
    from wagtail.images.models import Image as WagtailImage

    assert settings.DEBUG is False
    # The live server thread reads these on each request: uploads stay out of var/.
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private"
    trainer = page_as("formatrice", "/admin/")
    upload(
        trainer,
        "/admin/images/add/",
        "Tablette réglée",
        {"name": "tablette.png", "mimeType": "image/png", "buffer": png()},
        "Image « Tablette réglée » ajoutée.",
    )
    upload(
        trainer,
        "/admin/documents/add/",
        "Régler la tablette en vidéo",
        {"name": "reglages.webm", "mimeType": "video/webm", "buffer": VIDEO.read_bytes()},
        "Document « Régler la tablette en vidéo » ajouté.",
    )
    upload(
        trainer,
        "/admin/documents/add/",
        "Sous-titres de la vidéo",
        {"name": "reglages.vtt", "mimeType": "text/vtt", "buffer": CAPTIONS.encode()},
        "Document « Sous-titres de la vidéo » ajouté.",
    )
    image = WagtailImage.objects.get(title="Tablette réglée")
    video = Document.objects.get(title="Régler la tablette en vidéo")
    captions = Document.objects.get(title="Sous-titres de la vidéo")

    course = publish(CoursePageFactory(title="La tablette en famille", slug="tablette-en-famille", live=False))
    module = publish(
        ModulePageFactory(
            parent=course,
            title="Régler la tablette",
            slug="regler-la-tablette",
            live=False,
            body=[
                paragraph_block("<p>Voici la tablette une fois réglée, puis la vidéo des réglages.</p>"),
                {
                    "type": "figure",
                    "id": block_id(),
                    "value": {
                        "image": {"image": image.pk, "alt_text": "Une tablette bleue", "decorative": False},
                        "caption": "La tablette réglée",
                    },
                },
                {
                    "type": "video",
                    "id": block_id(),
                    "value": {
                        "title": "Régler la tablette en une minute",
                        "video": video.pk,
                        "captions": captions.pk,
                        "poster": None,
                        "transcript": "<p>Ouvrez les réglages, puis le contrôle parental.</p>",
                    },
                },
            ],
        )
    )

    visitor = page_for(None, module.url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Régler la tablette")
    figure = visitor.get_by_role("img", name="Une tablette bleue")
    figure.scroll_into_view_if_needed()  # the image is loading="lazy"
    visitor.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
    # A rendition that Wagtail wrote under MEDIA_ROOT, served by Django without DEBUG.
    assert re.fullmatch(r"/media/images/tablette\.max-960x720\.png", figure.get_attribute("src"))

    player = visitor.locator("video")
    player.scroll_into_view_if_needed()
    player.evaluate("video => { video.preload = 'metadata'; video.load(); }")
    visitor.wait_for_function("video => video.readyState >= 1 || video.error", arg=player.element_handle())
    assert player.evaluate("video => video.error") is None
    assert player.evaluate("video => video.readyState") >= 1
    visitor.wait_for_function("video => video.textTracks[0].cues?.length === 1", arg=player.element_handle())
    axe(visitor)

    # The files as uploaded: the original image at /media/, the video at Wagtail's document URL.
    for url, content_type in ((image.file.url, "image/png"), (video.url, "video/webm")):
        response = visitor.request.get(visitor.url.split("/formations/")[0] + url)
        assert response.ok and response.headers["content-type"].startswith(content_type), (url, response.headers)
    assert video.url.startswith("/documents/")
    assert visitor.request.get(visitor.url.split("/formations/")[0] + video.file.url).status == 404
