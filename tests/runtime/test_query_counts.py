"""Each page's query count, pinned. A change here must be explained in the commit that makes it."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import UserFactory
from tests.helpers.pages import database_cache_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def count_queries(client, path):
    # Start cold, so that the count does not depend on which test ran before.
    ContentType.objects.clear_cache()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries), [query["sql"] for query in queries]


DB_CACHE = database_cache_queries()  # cache reads are queries
# Site for the host, page content type, home page, alias check, view restrictions; and the page
# cache's version, read by cms/sites.py (a statement when the cache is the database, once a
# second per process: counted here as the request starts cold).
WAGTAIL_HOME = 5 + DB_CACHE
SIGNED_IN = 2  # session, user


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", WAGTAIL_HOME),
        ("/compte/connexion/", 0),
        ("/compte/inscription/", 0),
        ("/compte/lien/", 0),
        ("/compte/mot-de-passe/", 0),
        # SELECT 1; backlog count and oldest payload for each of the two queues; the heartbeat
        # when the cache is the database (with Redis, the queue queries go to Redis instead);
        # the outbox's due backlog.
        ("/sante/", 6 + DB_CACHE if DB_CACHE else 2),
    ],
)
def test_visitor_pages(client, path, expected):
    """Public pages cost a fixed, small number of queries."""
    count, sql = count_queries(client, path)
    assert count == expected, sql


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", SIGNED_IN + WAGTAIL_HOME),
        # + the person's audience codes, a pending deletion request, their latest data export,
        # a pending new address, and the home commune (a profile section from lms.organisations).
        ("/compte/", SIGNED_IN + 5),
        # + the person's preference rows, all groups at once, and their audiences (parents
        # start opted out).
        ("/compte/preferences/", SIGNED_IN + 2),
    ],
)
def test_signed_in_pages(client, path, expected):
    """Signed-in pages cost a fixed number of queries too, whatever the person has chosen."""
    client.force_login(UserFactory(audiences=["parent", "teacher", "elected"]))
    count, sql = count_queries(client, path)
    assert count == expected, sql
