import time
from datetime import timedelta

from django.db import connection
from django.utils import timezone

import pytest
from django_q.brokers import get_broker
from django_q.signing import SignedPackage

from lms.runtime.health import heartbeat_write

pytestmark = pytest.mark.django_db


def test_healthy_with_a_fresh_heartbeat(client):
    """A reachable database and a heartbeat written a minute ago make /sante/ answer ok."""
    heartbeat_write(time.time() - 60)
    response = client.get("/sante/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["vendor"] == connection.vendor
    assert body["queue"] == {"backlog": 0, "oldest_age_s": None}
    assert 59 <= body["worker"]["heartbeat_age_s"] < 120
    assert response["Cache-Control"] == "no-store"


def test_stale_heartbeat_is_degraded_when_the_worker_is_optional(client, settings):
    """Without HEALTH_REQUIRE_WORKER, a heartbeat older than 3 minutes gives 200 "degraded"."""
    settings.HEALTH_REQUIRE_WORKER = False
    heartbeat_write(time.time() - 181)
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"


def test_missing_heartbeat_is_degraded_when_the_worker_is_optional(client, settings):
    """No worker ever ran: the service still answers, degraded."""
    settings.HEALTH_REQUIRE_WORKER = False
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["worker"]["heartbeat_age_s"] is None


def test_stale_heartbeat_is_down_when_the_worker_is_required(client, settings):
    """With HEALTH_REQUIRE_WORKER (the production default), a stale heartbeat answers 503."""
    settings.HEALTH_REQUIRE_WORKER = True
    heartbeat_write(time.time() - 181)
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["status"] == "down"


def test_fresh_heartbeat_is_ok_when_the_worker_is_required(client, settings):
    """The worker requirement is met by a recent heartbeat."""
    settings.HEALTH_REQUIRE_WORKER = True
    heartbeat_write()
    assert client.get("/sante/").status_code == 200


def test_queue_backlog_counts_waiting_tasks_in_both_clusters(client):
    """Tasks waiting in the broker (ORM or Redis) show as the backlog, with the oldest one's age."""
    started = timezone.now() - timedelta(seconds=30)
    for cluster, task_started in [
        ("default", timezone.now()),
        ("long", started),
        ("default", timezone.now()),
    ]:
        get_broker(cluster).enqueue(SignedPackage.dumps({"id": cluster, "func": "math.floor", "started": task_started}))
    heartbeat_write()
    try:
        body = client.get("/sante/").json()
    finally:
        for cluster in ("default", "long"):
            get_broker(cluster).purge_queue()
    assert body["queue"]["backlog"] == 3
    assert 29 <= body["queue"]["oldest_age_s"] < 60


@pytest.fixture
def unreachable_database(transactional_site):
    """Point the connection at a database that cannot be opened, then put it back."""
    original = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-directory/passerelle.sqlite3"
    else:
        connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1", "CONN_HEALTH_CHECKS": False})
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(original)


def test_database_down_answers_503(client, unreachable_database):
    """When the database cannot be reached, /sante/ answers 503 "down" and still returns JSON."""
    response = client.get("/sante/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["database"]["ok"] is False
    assert body["database"]["error"] == "OperationalError"
