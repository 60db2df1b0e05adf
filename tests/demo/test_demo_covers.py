"""The demo courses' cover images (demo/content/images/): loaded once by `seed_demo`, described
for screen readers, and served by `make run` with debug off."""

import re

from django.core.management import call_command

from wagtail.images.models import Image

import pytest

from cms.models import CoursePage
from demo.courses import IMAGES_DIR, course_data_errors, course_files

pytestmark = pytest.mark.django_db

COVER_SRC = re.compile(r'<img[^>]*class="cover"[^>]*>')


def cover_files() -> set[str]:
    return {course_file.data["cover_image"] for course_file in course_files()}


def test_every_course_file_names_a_small_drawn_cover_with_its_alt():
    """Each course file names its own cover, a file under 80 KB, with a real alt text."""
    files = course_files()
    assert len(cover_files()) == len(files)
    for course_file in files:
        data = course_file.data
        assert (IMAGES_DIR / data["cover_image"]).stat().st_size < 80 * 1024, data["cover_image"]
        assert len(data["cover_alt"].split()) >= 8, data["slug"]


def test_a_cover_without_alt_or_file_is_refused():
    """The loader's check names a cover with no alt text and a cover file that is not there."""
    data = dict(course_files()[0].data, cover_alt=" ")
    assert "a cover image needs its alt text (what the image shows)" in course_data_errors(data)
    data = dict(data, cover_image="absente.png", cover_alt="Une école.")
    assert any("absente.png" in error for error in course_data_errors(data))


def test_seed_demo_gives_every_course_its_cover_once():
    """After seed_demo every demo course shows a cover with its alt; running it again adds no image."""
    call_command("seed_demo")
    pages = list(CoursePage.objects.live().select_related("cover_image"))
    assert len(pages) == len(course_files())
    for page in pages:
        assert page.cover_image is not None, page.slug
        assert page.cover_alt.strip(), page.slug
        assert (page.cover_image.width, page.cover_image.height) == (1200, 600)
        assert page.cover_image.uploaded_by_user is None
    assert Image.objects.count() == len(cover_files())
    call_command("seed_demo")
    assert Image.objects.count() == len(cover_files())
    assert set(CoursePage.objects.values_list("cover_image", flat=True)) == set(
        Image.objects.values_list("pk", flat=True)
    )


def test_seed_demo_adds_the_covers_to_a_demo_seeded_without_them():
    """A demo database from before the covers gets them, published, on the next seed_demo; an
    image already there (its page lost its cover) is used again, not copied."""
    call_command("seed_demo")
    kept = []
    for number, page in enumerate(CoursePage.objects.order_by("pk")):
        if number % 2:
            kept.append(page.cover_image_id)
        page.cover_image, page.cover_alt = None, ""
        page.save_revision().publish()
    Image.objects.exclude(pk__in=kept).delete()
    call_command("seed_demo")
    assert set(kept) <= set(CoursePage.objects.values_list("cover_image", flat=True))
    assert Image.objects.count() == len(cover_files())
    for page in CoursePage.objects.all():
        assert page.cover_image_id and page.cover_alt, page.slug
        # The editor opens the latest revision: it has the cover too, and nothing is left unpublished.
        assert page.get_latest_revision_as_object().cover_image_id == page.cover_image_id
        assert not page.has_unpublished_changes


def test_course_page_cover_is_served_with_debug_off(client, settings):
    """With debug off, as under `make run`, a course page's cover (a rendition) answers 200 as an image."""
    assert settings.DEBUG is False
    call_command("seed_demo")
    for page in CoursePage.objects.live():
        html = client.get(page.url).content.decode()
        tag = COVER_SRC.search(html)
        assert tag, page.slug
        src = re.search(r'src="([^"]+)"', tag.group()).group(1)
        alt = re.search(r'alt="([^"]*)"', tag.group()).group(1)
        assert src.startswith("/media/images/"), src
        assert alt.strip(), page.slug
        response = client.get(src)
        assert response.status_code == 200, src
        assert response["Content-Type"].startswith("image/"), response["Content-Type"]
        assert b"".join(response.streaming_content if response.streaming else [response.content])[:4] == b"\x89PNG"
