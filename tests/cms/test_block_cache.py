"""The module page's content blocks, rendered once per live revision and language in each
process (cms/block_cache.py): never stale after a publication, never shared when a block
depends on who reads it."""

import pytest

from cms.block_cache import LEARNER_INDEPENDENT
from courses.models import Enrolment
from tests.factories import UserFactory
from tests.factories.cms import paragraph_block, publish
from tests.helpers.pages import page_text

from .test_rendering import course_page, module_with_quiz  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def test_a_new_revision_shows_at_once(client, course_page):  # noqa: F811
    """The key is the live revision: a publication is seen at the next request, even by a
    process that did not publish (the publication's own clearing runs on commit, not here)."""
    module_page, _quiz = module_with_quiz(course_page)
    client.force_login(UserFactory())
    assert "Un écran n'est ni bon ni mauvais" in page_text(client.get(module_page.url))
    revised = paragraph_block("<p>Le texte révisé par la formatrice.</p>")
    revised["id"] = module_page.body[0].id  # the same block, edited
    module_page.body = [revised]
    module_page = publish(module_page)
    html = page_text(client.get(module_page.url))
    assert "Le texte révisé par la formatrice." in html and "ni bon ni mauvais" not in html


def test_the_quiz_renders_for_each_reader(client, course_page):  # noqa: F811
    """A quiz carries the reader's form action: a visitor's rendering is never served to an
    enrolled learner (nor the other way round), while the paragraph beside it is kept."""
    module_page, _quiz = module_with_quiz(course_page)
    action = f'action="/mon-espace/modules/{module_page.module_id}/quiz/"'
    assert action not in client.get(module_page.url).content.decode()
    learner = UserFactory()
    Enrolment.objects.create(user=learner, course=course_page.course)
    client.force_login(learner)
    html = client.get(module_page.url).content.decode()
    assert action in html and "ni bon ni mauvais" in html
    assert "quiz" not in LEARNER_INDEPENDENT and "scenarios" not in LEARNER_INDEPENDENT


def test_a_preview_is_never_kept(client, course_page):  # noqa: F811
    """A preview renders unsaved content under the live revision's id: it must not be kept."""
    from django.template import Context
    from django.test import RequestFactory

    from cms.block_cache import rendered_block

    module_page, _quiz = module_with_quiz(course_page)
    request = RequestFactory().get(module_page.url)
    request.is_preview = True
    draft = paragraph_block("<p>Brouillon non publié.</p>")
    draft["id"] = module_page.body[0].id  # the same block, edited
    module_page.body = [draft]
    block = module_page.body[0]
    context = Context({"request": request, "page": module_page})
    assert "Brouillon non publié." in rendered_block(context, module_page, block)
    request.is_preview = False
    module_page.refresh_from_db()
    live = module_page.body[0]
    assert live.id == block.id
    assert "Brouillon" not in rendered_block(Context({"request": request, "page": module_page}), module_page, live)


def test_kept_blocks_give_the_page_it_rendered_first(client, course_page):  # noqa: F811
    """Served again, the body comes from kept blocks without converting them: the same HTML, in
    the same order, with the quiz beside them still rendered for the reader."""
    module_page, _quiz = module_with_quiz(course_page)
    assert [block.block_type for block in module_page.body] == ["paragraph", "quiz"]

    def body(html: str) -> str:
        return html.split('<div lang="fr">', 1)[1].split("</article>", 1)[0]

    first = body(client.get(module_page.url).content.decode())
    again = body(client.get(module_page.url).content.decode())
    assert first == again
    assert first.index("ni bon ni mauvais") < first.index("Question piège 0")


def test_the_module_list_shows_each_state_in_the_readers_language(client, course_page):  # noqa: F811
    """The states beside the modules are kept per language: French then English then French."""
    module_page, _quiz = module_with_quiz(course_page)
    learner = UserFactory()
    Enrolment.objects.create(user=learner, course=course_page.course)
    client.force_login(learner)
    assert "à suivre" in page_text(client.get(module_page.url))
    client.cookies["passerelle_langue"] = "en"
    english = page_text(client.get(module_page.url))
    assert 'state--current">next' in english and "à suivre" not in english
    client.cookies["passerelle_langue"] = "fr"
    assert 'state--current">à suivre' in page_text(client.get(module_page.url))
