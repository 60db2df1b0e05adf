import sqlite3
from contextlib import contextmanager

from django.db import connection

import pytest

from tests.factories import UserFactory
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.sqlite_only


@contextmanager
def write_lock_held_elsewhere():
    """Another connection holds SQLite's write lock, as a long import in another process would."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite lock contention only exists on SQLite.")
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=1)
    other.execute("BEGIN IMMEDIATE")
    # Keep the test short: the request gives up after 200 ms instead of the 20 s in settings.
    connection.ensure_connection()
    connection.connection.execute("PRAGMA busy_timeout = 200")
    try:
        yield
    finally:
        other.rollback()
        other.close()
        connection.close()


def test_locked_database_gives_a_french_503_with_retry_after(client, transactional_site):
    """A sign-in that cannot get SQLite's write lock answers 503 in French with Retry-After, not 500."""
    UserFactory(email="verrou@exemple.fr")
    with write_lock_held_elsewhere():
        response = client.post("/compte/connexion/", {"username": "verrou@exemple.fr", "password": TEST_PASSWORD})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Service momentanément indisponible" in response.content.decode()
    assert "Réessayez dans quelques secondes" in response.content.decode()


def test_the_same_request_succeeds_once_the_lock_is_released(client, transactional_site):
    """Nothing is lost: after the lock goes, the same sign-in works."""
    UserFactory(email="verrou@exemple.fr")
    with write_lock_held_elsewhere():
        client.post("/compte/connexion/", {"username": "verrou@exemple.fr", "password": TEST_PASSWORD})
    response = client.post("/compte/connexion/", {"username": "verrou@exemple.fr", "password": TEST_PASSWORD})
    assert response.status_code == 302
