"""A module page's navigation and route, remembered per process under the page-cache version
(cms/navigation.py, lms/runtime/routing.py): fewer queries once a page was served, and never a
module list or a route that outlives a publication or a view restriction."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from cms.cache import page_cache_version
from cms.models import ModulePage
from courses.services.enrolments import enrolment_create
from tests.factories import ModulePageFactory, UserFactory
from tests.factories.cms import publish
from tests.helpers.pages import page_text

from .test_rendering import course_page, module_with_quiz  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def _queries(client, url: str) -> list[str]:
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def test_a_page_served_again_reads_neither_its_route_nor_its_siblings(client, course_page):  # noqa: F811
    """Under a version, the second GET skips the url_path query and the siblings' query."""
    module_page, _quiz = module_with_quiz(course_page)
    publish(ModulePageFactory(parent=course_page, live=False))
    page_cache_version()  # a running site has one
    client.force_login(UserFactory())
    first = _queries(client, module_page.url)
    again = _queries(client, module_page.url)
    siblings = 'ORDER BY "wagtailcore_page"."path" ASC'
    assert any('"url_path" IN' in sql for sql in first) and any(siblings in sql for sql in first)
    assert not any('"url_path" IN' in sql or siblings in sql for sql in again), "\n".join(again)
    assert len(again) <= len(first) - 2


def test_a_publication_or_a_restriction_shows_at_the_next_request(
    client,
    course_page,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """A new module is listed, a module made private is no longer listed, once the change commits."""
    module_page, _quiz = module_with_quiz(course_page)
    page_cache_version()
    client.force_login(UserFactory())
    assert "Deuxième module" not in page_text(client.get(module_page.url))
    with django_capture_on_commit_callbacks(execute=True):
        second = publish(ModulePageFactory(parent=course_page, title="Deuxième module", live=False))
    assert "Deuxième module" in page_text(client.get(module_page.url))
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=second, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.create(name="Bench 35 navigation"))
    assert "Deuxième module" not in page_text(client.get(module_page.url))
    assert client.get(second.url).status_code in (302, 403)


def test_a_module_page_served_again_costs_four_statements(client, course_page):  # noqa: F811
    """Under a version, an enrolled learner's module page served again reads no page row at all
    (route, specific row and siblings remembered): session, user, the site's view restrictions,
    and the learner's enrolment with their progress."""
    module_page = publish(ModulePageFactory(parent=course_page, live=False))
    page_cache_version()
    learner = UserFactory(audiences=["parent"])
    enrolment_create(user=learner, course=course_page.course)
    client.force_login(learner)
    _queries(client, module_page.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(module_page.url).status_code == 200
    again = [query["sql"] for query in queries]
    assert not any('FROM "wagtailcore_page"' in sql or '"cms_' in sql for sql in again), "\n".join(again)
    assert len(again) == 4, "\n".join(again)


def test_an_edited_module_shows_at_the_next_request_to_visitors_and_learners(
    client,
    course_page,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """A module's remembered row never outlives its publication: the new title and text show at
    once, signed in or not; unpublished, it answers 404."""
    module_page = publish(ModulePageFactory(parent=course_page, title="Titre d'avant", live=False))
    page_cache_version()
    visitor = client.__class__()
    client.force_login(UserFactory())
    for someone in (client, visitor):
        assert "Titre d'avant" in page_text(someone.get(module_page.url))
    module_page.title = "Titre d'après"
    module_page.body = [("paragraph", RichText("<p>Un texte tout neuf.</p>"))]
    with django_capture_on_commit_callbacks(execute=True):
        module_page.save_revision().publish()
    for someone in (client, visitor):
        text = page_text(someone.get(module_page.url))
        assert "Titre d'après" in text and "Un texte tout neuf." in text and "Titre d'avant" not in text
    with django_capture_on_commit_callbacks(execute=True):
        module_page.unpublish()
    for someone in (client, visitor):
        assert someone.get(module_page.url).status_code == 404


def test_a_remembered_row_expires_even_if_no_version_moves(
    client,
    course_page,  # noqa: F811
    monkeypatch,
):
    """A change that moves no page-cache version (an update() without signals, a lost cache
    increment) is served for at most REMEMBERED_SECONDS, as the visitors' page cache."""
    from lms.runtime import routing

    module_page = publish(ModulePageFactory(parent=course_page, title="Module à retirer", live=False))
    page_cache_version()
    client.force_login(UserFactory())
    assert client.get(module_page.url).status_code == 200
    ModulePage.objects.filter(pk=module_page.pk).update(live=False)  # no signal, no new version
    assert client.get(module_page.url).status_code == 200  # remembered, within the bound
    started = routing.monotonic()
    monkeypatch.setattr(routing, "monotonic", lambda: started + routing.REMEMBERED_SECONDS + 1)
    assert client.get(module_page.url).status_code == 404
