"""Shared fixtures. Helpers for services, browsers, workers, mail and concurrency live in tests/helpers."""

import os

from django.core.cache import cache
from django.core.management import call_command
from django.db import connections

import pytest
from pytest_django.fixtures import validate_django_db

from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.helpers.browser", "tests.helpers.worker", "tests.helpers.mail"]

NO_SKIP = os.environ.get("PASSERELLE_NO_SKIP") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under `make test` (PASSERELLE_NO_SKIP=1) a skipped test is a failure: every service is there."""
    outcome = yield
    report = outcome.get_result()
    if NO_SKIP and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"Skipped under `make test`, where nothing may skip: {reason}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Turn a `django_db_serialized_rollback` fixture (through `transactional_site` or `live_site`)
    into `serialized_rollback=True` on the test's `django_db` marker.

    pytest-django decides once per session, from the collected tests, whether to serialize the
    migrated rows, and for a test with a `django_db` marker (a module-level `pytestmark`) it reads
    only the marker and ignores the fixture. When no other collected test asked for it, nothing
    was serialized, nothing was restored, and the flush after the first transactional test left
    every later one without the migrated rows (audiences, Wagtail root and site).
    """
    for item in items:
        if "django_db_serialized_rollback" not in item.fixturenames:
            continue
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue  # without a marker, pytest-django reads the fixture itself
        _transaction, reset_sequences, databases, serialized_rollback, available_apps = validate_django_db(marker)
        if serialized_rollback:
            continue
        item.add_marker(
            pytest.mark.django_db(
                transaction=True,
                reset_sequences=reset_sequences,
                databases=databases,
                serialized_rollback=True,
                available_apps=available_apps,
            )
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database also needs the cache table, which migrations do not create.

    It also keeps the rows serialized for `serialized_rollback` on the connection *class*. Once
    Playwright's sync API runs an event loop in the test thread, asgiref hands Django a new
    connection object per context, and a new object would lack the instance attribute: the
    migrated rows (Wagtail root, site, home page) would silently not come back after a flush.
    """
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents


@pytest.fixture
def transactional_site(django_db_serialized_rollback, transactional_db):
    """A transactional database that keeps what migrations created (Wagtail root and site, home
    page, audiences), restored by serialized rollback after each flush. Use it instead of
    `transactional_db` whenever other threads or processes must see the test's rows."""
    missing = [alias for alias in connections if getattr(connections[alias], "_test_serialized_contents", None) is None]
    if missing:
        pytest.fail(f"No serialized rows to restore for {missing}: the migrated rows would be missing after a flush.")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_shared_cache(settings):
    """Redis keeps keys across tests, unlike the database cache, which rolls back with each test;
    the page cache's copies in this process would outlive both."""
    from cms.cache import page_cache_forget
    from cms.navigation import forget_navigation
    from cms.sites import forget_sites
    from lms.runtime.routing import forget_routes

    if not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        cache.clear()
    page_cache_forget()
    forget_sites()
    forget_navigation()
    forget_routes()


@pytest.fixture
def no_page_cache(settings):
    """Every request renders: for tests counting what rendering costs (the page cache has its
    own tests in tests/cms/test_cache.py)."""
    settings.PASSERELLE_PAGE_CACHE = False


@pytest.fixture
def staff_client(client, db):
    """A client signed in as a superuser, for the Django and Wagtail admin."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def user(db):
    return UserFactory()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say which database, cache and broker the run used, so each stage's log shows it."""
    from django.conf import settings
    from django.db import connection

    database = connection.settings_dict
    engine = connection.vendor
    if engine == "sqlite":
        where = database.get("TEST", {}).get("NAME") or "in memory"
    else:
        where = f"{database.get('HOST')}:{database.get('PORT')}"
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    broker = "redis" if settings.Q_CLUSTER.get("django_redis") else "orm"
    terminalreporter.write_line(f"passerelle: database={engine} ({where}), cache={cache}, broker={broker}")


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """Each test starts in French, the default, whatever language the test before left active in
    this thread (a request through the test client activates the visitor's language and leaves it;
    under xdist the order changes from run to run)."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()
