"""Start a real `qcluster` against the configured broker for one test, wait, and stop it by pid.

    def test_task_runs(transactional_site, qcluster):
        async_task("lms.runtime.tasks.heartbeat")
        with qcluster("default") as worker:
            worker.wait_for(lambda: heartbeat_age() is not None)

The cluster is a separate process running the test settings against this test's database (ORM
broker on SQLite, Redis when REDIS_URL is set), so the test must use `transactional_site`.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest
from django_q.conf import Conf

START_TIMEOUT = 30
STOP_TIMEOUT = 20


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process = process
        self.log_path = log_path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for(self, condition: Callable[[], bool], *, timeout: float = 60, interval: float = 0.2) -> None:
        """Poll `condition` until it is true; fail with the cluster's log if it never is."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"qcluster exited with {self.process.returncode} before the condition held:\n{self.log()}")
            time.sleep(interval)
        pytest.fail(f"Condition not met within {timeout}s; qcluster log:\n{self.log()[-5000:]}")

    def stop(self) -> None:
        """Ask the cluster to stop (SIGTERM to its main process, which stops its own workers), then
        kill whatever is left in its process group."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.process.poll() is None:
            self.process.wait(5)


def worker_environment(cluster: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.test",
        PASSERELLE_TEST_DB_NAME=str(connection.settings_dict["NAME"]),
        PASSERELLE_TASKS_SYNC="0",
        PYTHONUNBUFFERED="1",
        # Mail goes where this test's settings send it (the aiosmtpd helper, when used).
        PASSERELLE_TEST_EMAIL_BACKEND=settings.EMAIL_BACKEND,
        EMAIL_HOST=str(settings.EMAIL_HOST),
        EMAIL_PORT=str(settings.EMAIL_PORT),
    )
    env.pop("Q_CLUSTER_NAME", None)
    if cluster != settings.Q_CLUSTER["name"]:
        env["Q_CLUSTER_NAME"] = cluster
    return env


@pytest.fixture
def qcluster(transactional_site, tmp_path, monkeypatch):
    """A context manager starting a real cluster; tasks enqueued by the test go to the broker."""
    monkeypatch.setattr(Conf, "SYNC", False)
    started: list[Worker] = []

    @contextmanager
    def start(cluster: str = "default"):
        log_path = tmp_path / f"qcluster-{cluster}-{len(started)}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=settings.BASE_DIR,
                env=worker_environment(cluster),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so that stop() reaches the children
            )
        worker = Worker(process, log_path)
        started.append(worker)
        try:
            yield worker
        finally:
            worker.stop()

    yield start
    for worker in started:
        worker.stop()
