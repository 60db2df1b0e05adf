"""A task through a real `qcluster` on the configured broker: ORM on SQLite, Redis with REDIS_URL."""

import pytest
from django_q.conf import Conf
from django_q.models import Success
from django_q.tasks import async_task

from lms.runtime.health import heartbeat_age
from tests.helpers.worker import worker_environment

pytestmark = pytest.mark.worker


def test_default_cluster_runs_a_task_from_the_broker(qcluster):
    """A task enqueued by the test is picked up and run by a real default cluster."""
    assert Conf.SYNC is False
    task_id = async_task("lms.runtime.tasks.heartbeat")
    assert heartbeat_age() is None  # not run inline
    with qcluster("default") as worker:
        worker.wait_for(lambda: heartbeat_age() is not None)
        worker.wait_for(lambda: Success.objects.filter(id=task_id).exists())


def test_long_cluster_runs_tasks_sent_to_it(qcluster):
    """A task sent to the `long` queue is run by the long cluster, not the default one."""
    task_id = async_task("lms.runtime.tasks.heartbeat", cluster="long")
    with qcluster("long") as worker:
        worker.wait_for(lambda: Success.objects.filter(id=task_id).exists())
    assert "long" in worker_environment("long")["Q_CLUSTER_NAME"]
    assert Success.objects.get(id=task_id).success is True
