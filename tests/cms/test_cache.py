"""The full-page cache of public pages: a hit for visitors, never for signed-in people, and
turned over on publishing (DESIGN.md §5)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import CoursePageFactory, ModulePageFactory, UserFactory
from tests.factories.cms import publish
from tests.helpers.pages import database_cache_queries

pytestmark = pytest.mark.django_db

HEADER = "X-Passerelle-Cache"


@pytest.fixture
def course_page():
    return publish(CoursePageFactory(title="Les écrans en famille", slug="ecrans", live=False))


def test_a_visitor_gets_the_second_view_from_the_cache(client, course_page):
    first = client.get("/formations/ecrans/")
    assert first[HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/formations/ecrans/")
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second, "headers of the outer middlewares still apply"
    # The process's own copy, under the version it read less than a second ago: no read at all.
    assert len(queries) == 0


def test_signed_in_people_are_never_served_nor_stored(client, course_page):
    client.force_login(UserFactory(first_name="Hugo"))
    for _ in range(2):
        response = client.get("/formations/ecrans/")
        assert HEADER not in response
        assert "Hugo" in response.content.decode()
    client.logout()
    visitor = client.__class__()
    response = visitor.get("/formations/ecrans/")
    assert response[HEADER] == "miss" and "Hugo" not in response.content.decode()


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache(client, course_page):
    client.get("/formations/ecrans/")
    client.cookies["sessionid"] = "anything"
    assert HEADER not in client.get("/formations/ecrans/")


def test_publishing_turns_the_cache_over(client, course_page, django_capture_on_commit_callbacks):
    client.get("/formations/")
    assert client.get("/formations/")[HEADER] == "hit"
    course_page.title = "Les écrans en famille, sans stress"
    with django_capture_on_commit_callbacks(execute=True):
        publish(course_page)
    response = client.get("/formations/")
    assert response[HEADER] == "miss"
    assert "sans stress" in response.content.decode()


def test_unpublishing_turns_the_cache_over(client, course_page, django_capture_on_commit_callbacks):
    client.get("/formations/")
    with django_capture_on_commit_callbacks(execute=True):
        course_page.unpublish()
    response = client.get("/formations/")
    assert response[HEADER] == "miss" and "Les écrans en famille" not in response.content.decode()


def test_each_filter_combination_is_its_own_entry(client, course_page):
    assert client.get("/formations/", {"public": "parent"})[HEADER] == "miss"
    assert client.get("/formations/", {"public": "teacher"})[HEADER] == "miss"
    assert client.get("/formations/", {"public": "parent"})[HEADER] == "hit"


def test_the_language_is_part_of_the_key(client, course_page):
    client.get("/formations/ecrans/")
    client.cookies["passerelle_langue"] = "en"
    response = client.get("/formations/ecrans/")
    assert response[HEADER] == "miss"
    assert '<html lang="en">' in response.content.decode()


def test_non_page_urls_are_never_cached(client):
    assert HEADER not in client.get("/compte/connexion/")
    assert HEADER not in client.get("/sante/")


def test_public_pages_carry_no_csrf_form_nor_cookie_for_visitors(client, course_page):
    module_page = publish(ModulePageFactory(parent=course_page, live=False))
    for path in ["/", "/formations/", "/formations/ecrans/", module_page.url]:
        response = client.get(path)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode(), path
        assert not response.cookies, path


def test_making_a_page_private_turns_the_cache_over(client, course_page, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    client.get("/formations/ecrans/")
    assert client.get("/formations/ecrans/")[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=course_page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/formations/ecrans/")
    assert response.status_code == 302 and HEADER not in response


def test_the_cache_turns_over_only_once_the_change_is_committed(django_capture_on_commit_callbacks, course_page):
    """A visitor rendering between the change and its commit must not store the old page
    under the new version: the version moves on commit."""
    from cms.cache import page_cache_version

    before = page_cache_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        course_page.title = "Nouveau titre"
        publish(course_page)
    assert page_cache_version() == before
    for callback in callbacks:
        callback()
    assert page_cache_version() > before


def a_second_later():
    """As if the process's version were more than VERSION_TTL old: the next request reads it."""
    from cms.cache import VERSION_TTL, _Version

    _Version.read_at -= VERSION_TTL


def test_a_publication_from_another_process_is_seen_within_a_second(client, course_page):
    """A process trusts the version it read for a second: a bump made elsewhere (another
    worker publishing) turns the cache over here once that second is past."""
    from django.core.cache import cache

    from cms.cache import VERSION_KEY

    client.get("/formations/ecrans/")
    assert client.get("/formations/ecrans/")[HEADER] == "hit"
    cache.incr(VERSION_KEY)
    assert client.get("/formations/ecrans/")[HEADER] == "hit"  # within the second
    a_second_later()
    assert client.get("/formations/ecrans/")[HEADER] == "miss"
    assert client.get("/formations/ecrans/")[HEADER] == "hit"


def test_a_page_rendered_before_a_publication_is_never_served(client, course_page):
    """A publication committed while a visitor's page renders: the page is stored under the
    version read before rendering, so the next visitor gets a fresh render, not that page."""
    from django.core.cache import cache
    from django.test.signals import template_rendered

    from cms.cache import VERSION_KEY

    def publish_elsewhere(**kwargs):
        template_rendered.disconnect(publish_elsewhere)
        cache.incr(VERSION_KEY)
        a_second_later()

    client.get("/formations/ecrans/")  # a version exists
    cache.incr(VERSION_KEY)
    a_second_later()
    template_rendered.connect(publish_elsewhere)
    assert client.get("/formations/ecrans/")[HEADER] == "miss"
    assert client.get("/formations/ecrans/")[HEADER] == "miss"
    assert client.get("/formations/ecrans/")[HEADER] == "hit"


def test_losing_the_version_key_never_revives_old_pages(client, course_page):
    """If the version key alone goes (an eviction), the new version matches no stored page."""
    from django.core.cache import cache

    from cms.cache import VERSION_KEY

    client.get("/formations/ecrans/")
    assert client.get("/formations/ecrans/")[HEADER] == "hit"
    cache.delete(VERSION_KEY)
    a_second_later()
    assert client.get("/formations/ecrans/")[HEADER] == "miss"


def test_a_page_stored_by_another_process_is_served_here(client, course_page):
    """Without its own copy, a process reads the version and the page together from the shared
    cache, in one read, and serves the page another process stored."""
    from cms.cache import page_cache_forget

    client.get("/formations/ecrans/")
    page_cache_forget()  # as in a process that has not served this page yet
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/formations/ecrans/")
    assert response[HEADER] == "hit"
    assert len(queries) == database_cache_queries()
