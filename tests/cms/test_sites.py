"""cms/sites.py: the Site Wagtail would find, remembered per process under the page cache's
version, so a served page no longer queries it; any Site change is seen at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from tests.factories import CoursePageFactory, UserFactory
from tests.factories.cms import publish

pytestmark = pytest.mark.django_db


def site_queries(queries) -> int:
    return sum('FROM "wagtailcore_site"' in query["sql"] for query in queries)


@pytest.fixture
def course_page():
    from cms.cache import page_cache_version

    page = publish(CoursePageFactory(title="Les écrans en famille", slug="ecrans", live=False))
    page_cache_version()  # as on a running site, where publishing has set a version
    return page


def test_without_a_version_wagtail_looks_the_site_up_itself(client):
    """Nothing published since the cache was emptied: no version to remember the Site under."""
    from cms.cache import VERSION_KEY

    publish(CoursePageFactory(slug="ecrans", live=False))
    client.force_login(UserFactory())
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/formations/ecrans/").status_code == 200
        assert site_queries(queries) == 1
    from django.core.cache import cache

    assert cache.get(VERSION_KEY) is None, "looking the Site up never creates the version"


def test_the_site_is_looked_up_once_then_remembered(client, course_page):
    client.force_login(UserFactory())  # signed in: every request renders, none from the page cache
    with CaptureQueriesContext(connection) as first:
        assert client.get("/formations/ecrans/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        response = client.get("/formations/ecrans/")
    assert response.status_code == 200 and "Les écrans en famille" in response.content.decode()
    assert site_queries(first) == 1
    assert site_queries(second) == 0
    assert not any('"cms_homepage"' in query["sql"] for query in second), "the home page came with the site"


def test_other_views_never_look_the_site_up(client):
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/mon-espace/").status_code == 200
    assert site_queries(queries) == 0


def test_a_site_change_is_seen_by_the_next_request(client, course_page, django_capture_on_commit_callbacks):
    client.force_login(UserFactory())
    client.get("/formations/ecrans/")
    site = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        site.site_name = "Passerelle Ardèche"
        site.save()
    response = client.get("/formations/ecrans/")
    assert response.wsgi_request._wagtail_site.site_name == "Passerelle Ardèche"


def test_a_host_without_a_site_still_gets_the_default_one(client, course_page, settings):
    settings.ALLOWED_HOSTS = ["*"]
    client.force_login(UserFactory())
    for host in ("autre.exemple.fr", "autre.exemple.fr"):
        response = client.get("/formations/ecrans/", HTTP_HOST=host)
        assert response.status_code == 200
        assert response.wsgi_request._wagtail_site.is_default_site
