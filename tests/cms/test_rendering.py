"""Course and module pages as a visitor gets them: public, light, one h1, no quiz answers."""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import CoursePageFactory, ModulePageFactory
from tests.factories.cms import paragraph_block, publish, quiz_block
from tests.helpers.pages import database_cache_queries, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


FEEDBACK = "Les pédiatres conseillent d'attendre la fin du primaire."


@pytest.fixture
def course_page():
    return publish(CoursePageFactory(title="Les écrans en famille", slug="ecrans", live=False))


def module_with_quiz(course_page, questions: int = 2, **kwargs):
    quiz = quiz_block(
        [
            (f"Question piège {n}", [(f"Réponse juste {n}", True), (f"Réponse fausse {n}", False)], FEEDBACK)
            for n in range(questions)
        ]
    )
    return publish(ModulePageFactory(parent=course_page, body=[paragraph_block(), quiz], live=False, **kwargs)), quiz


def test_the_catalogue_lists_published_courses(client, course_page):
    CoursePageFactory(title="Brouillon invisible", live=False)
    html = client.get("/formations/").content.decode()
    assert "Les écrans en famille" in html
    assert "Brouillon invisible" not in html


def test_the_catalogue_says_when_nothing_is_published(client):
    assert "Aucune formation n'est encore publiée" in page_text(client.get("/formations/"))


def test_a_course_page_is_public_with_its_programme(client, course_page):
    module_page, _quiz = module_with_quiz(course_page, title="Repères")
    response = client.get("/formations/ecrans/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Repères" in html and module_page.url in html
    assert "Lire le premier module" in html and "Se connecter pour s'inscrire" in html


def test_the_quiz_renders_without_its_answers(client, course_page):
    """Choices are shown; which are right, and the explanations, stay on the server."""
    module_page, quiz = module_with_quiz(course_page)
    html = client.get(module_page.url).content.decode()
    assert "Question piège 0" in html and "Réponse juste 0" in html and "Réponse fausse 0" in html
    assert "pédiatres" not in html
    assert "correct" not in html.lower()
    assert 'type="radio"' in html
    choice_ids = [choice["id"] for question in quiz["value"]["questions"] for choice in question["value"]["choices"]]
    assert all(f'value="{choice_id}"' in html for choice_id in choice_ids)
    # Right and wrong choices are rendered exactly alike.
    right, wrong = (
        re.search(rf'<input[^>]*value="{choice_ids[0]}"[^>]*>', html).group(0),
        re.search(rf'<input[^>]*value="{choice_ids[1]}"[^>]*>', html).group(0),
    )
    assert right.replace(choice_ids[0], "X") == wrong.replace(choice_ids[1], "X")


def test_the_module_page_has_one_h1_and_a_logical_outline(client, course_page):
    module_page, _quiz = module_with_quiz(course_page)
    html = client.get(module_page.url).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_the_module_page_weighs_under_100_kb(client, course_page):
    """HTML and CSS together, for a module with a ten-question quiz (DESIGN.md §6)."""
    module_page, _quiz = module_with_quiz(course_page, questions=10)
    html = client.get(module_page.url).content
    stylesheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert stylesheets
    css = sum((settings.BASE_DIR / "static" / name.decode()).stat().st_size for name in stylesheets)
    assert len(html) + css < 100_000, (len(html), css)


@pytest.mark.parametrize("siblings", [1, 12])
def test_module_page_query_count_does_not_grow(client, course_page, siblings):
    """1 or 12 sibling modules cost the same queries. Routing (lms/runtime/routing.py): the site, the
    home page's content type and specific row, the pages below it by url_path in one query, the
    content types of the catalogue, the course and the module, the module's specific row (8);
    the site's view restrictions, read once for the access check and the public siblings (1);
    the siblings (1); the site-root cache, when the cache is the database (1)."""
    module_page, _quiz = module_with_quiz(course_page)
    for _ in range(siblings):
        publish(ModulePageFactory(parent=course_page, live=False))
    client.get(module_page.url)  # warm the site-root cache, as any running server has
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(module_page.url).status_code == 200
    database_cache = database_cache_queries()
    assert len(queries) == 10 + database_cache, "\n".join(query["sql"][:200] for query in queries)


def test_captions_and_videos_are_served_inline_with_their_type(client, settings, tmp_path):
    """<track> needs text/vtt, and neither file may be forced to download."""
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = tmp_path
    captions = Document.objects.create(
        title="Sous-titres", file=ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n", name="soustitres.vtt")
    )
    video = Document.objects.create(title="Vidéo", file=ContentFile(b"\x1aE\xdf\xa3fake-webm", name="video.webm"))
    for document, content_type in [(captions, "text/vtt"), (video, "video/webm")]:
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].startswith("inline")


def test_a_video_without_poster_shows_its_first_frame_not_a_black_strip(settings, tmp_path):
    """With no poster image, the player preloads the metadata so that the first frame shows."""
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    from cms.blocks import VideoBlock

    settings.MEDIA_ROOT = tmp_path
    captions = Document.objects.create(title="Sous-titres", file=ContentFile(b"WEBVTT\n", name="s.vtt"))
    video = Document.objects.create(title="Vidéo", file=ContentFile(b"fake", name="video.mp4"))
    block = VideoBlock()
    value = block.to_python({"title": "Essai", "video": video.pk, "captions": captions.pk, "transcript": "<p>T</p>"})
    html = block.render(value)
    assert 'preload="metadata"' in html and "poster=" not in html
