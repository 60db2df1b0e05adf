"""B6: N transactional e-mails ("courses.enrolled_by_organisation", one per real enrolment) from
outbox_enqueue through a real `qcluster` (ORM broker on SQLite, Redis when REDIS_URL is set) to
a local SMTP sink, timed until every row is sent, against the same send function called inline
(outbox_send(ids=…)) to the same sink."""

import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import override_settings

from aiosmtpd.controller import Controller
from django_q.conf import Conf

from bench.core import Result, benchmark, counted, timer
from courses.models import Course, Enrolment
from lms.accounts.models import User
from lms.notifications.models import OutboxMessage, OutboxStatus
from lms.notifications.services.outbox import outbox_enqueue, outbox_send

TARGET = 0.3  # through the cluster ≥ 0.3× the inline rate
KIND = "courses.enrolled_by_organisation"
TIMEOUT = 300
STOP_TIMEOUT = 20


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """An SMTP server on loopback that counts what it accepts."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        with self.lock:
            self.count += 1
        return "250 Message accepted for delivery"


@contextmanager
def smtp_sink():
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    logging.getLogger("django-q").setLevel(logging.WARNING)  # and django-q every task it enqueues
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield sink
    finally:
        controller.stop()


def process_environment(**extra: str) -> dict[str, str]:
    """The environment of a process serving this process's (test) database, as the tests' worker
    helper gives it."""
    from tests.helpers.worker import worker_environment

    return {**worker_environment(settings.Q_CLUSTER["name"]), **extra}


@contextmanager
def process(args: list[str], log_path: Path, env: dict[str, str]):
    """A child process in its own group, stopped by its pid (SIGTERM, then SIGKILL to its group)."""
    with open(log_path, "wb") as log:
        child = subprocess.Popen(
            args, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield child
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if child.poll() is None:
            child.wait(5)


def wait_until(condition, child: subprocess.Popen, log_path: Path, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if child.poll() is not None:
            raise RuntimeError(f"{child.args} exited with {child.returncode}:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.01)
    raise RuntimeError(f"not done within {timeout}s; log:\n{log_path.read_text(errors='replace')[-3000:]}")


def _enrolments(tag: str, label: str, count: int) -> list[Enrolment]:
    with transaction.atomic():
        course = Course.objects.create(title=f"B6 {label} {tag}", is_published=True, url="/formations/b6/")
        User.objects.bulk_create(
            [
                User(login_id=f"b6-{tag}-{label}-{i}", email=f"b6-{tag}-{label}-{i}@example.org", first_name="Agent")
                for i in range(count)
            ]
        )
        users = User.objects.filter(login_id__startswith=f"b6-{tag}-{label}-").order_by("pk")
        Enrolment.objects.bulk_create([Enrolment(user=user, course=course) for user in users])
    return list(Enrolment.objects.filter(course=course).select_related("user").order_by("pk"))


def _sent(ids: list[int]) -> int:
    return OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.SENT).count()


@benchmark("B6", "task path", full=500, quick=100, tiny=5, needs_processes=True)
def run(size: int) -> Result:
    tag = uuid.uuid4().hex[:8]
    # A send task also sends whatever else is due: e-mails left pending by earlier benchmarks in
    # this database (attestations, invitations) would be counted as ours. The outbox starts empty.
    OutboxMessage.objects.filter(status=OutboxStatus.PENDING).update(status=OutboxStatus.CANCELLED)
    warm = _enrolments(tag, "warm", 1)
    ours = _enrolments(tag, "ours", size)
    peer = _enrolments(tag, "peer", size)
    broker = "redis" if settings.Q_CLUSTER.get("django_redis") else "orm"
    log_path = Path(settings.VAR_DIR) / f"bench-b6-qcluster-{tag}.log"  # kept only if the run fails
    with smtp_sink() as sink, mock.patch.object(Conf, "SYNC", False):
        with process([sys.executable, "manage.py", "qcluster"], log_path, process_environment()) as cluster:
            # A first e-mail through the cluster: it is up, its worker has imported everything.
            first = outbox_enqueue(recipient=warm[0].user, kind=KIND, obj=warm[0])
            wait_until(lambda: _sent([first.pk]) == 1, cluster, log_path)
            with counted() as queries, timer() as elapsed:
                ids = [outbox_enqueue(recipient=e.user, kind=KIND, obj=e).pk for e in ours]
                enqueue_statements, enqueued_after = len(queries), elapsed()
                # Watch the sink, not the table: polling the database would compete with the worker.
                wait_until(lambda: sink.count >= size + 1, cluster, log_path)
                wait_until(lambda: _sent(ids) == size, cluster, log_path)
            ours_time = elapsed()
        log_path.unlink(missing_ok=True)
        # The peer: the same rows, the same send function, called inline.
        with mock.patch("lms.notifications.services.outbox.enqueue_send"):
            peer_ids = [outbox_enqueue(recipient=e.user, kind=KIND, obj=e).pk for e in peer]
        with counted() as peer_queries, timer() as peer_elapsed:
            counts = outbox_send(ids=peer_ids, limit=size)
        peer_time = peer_elapsed()
        delivered = sink.count
    assert counts["sent"] == size and _sent(peer_ids) == size, counts
    ours_rate, peer_rate = size / ours_time, size / peer_time
    ratio = ours_rate / peer_rate
    note = (
        f"one send task per row (outbox_enqueue enqueues it on commit); each task sends its row, then what else is "
        f"due, over one SMTP connection, so a burst is sent by its first tasks (was one connection per e-mail, "
        f"0.27× at 500 on SQLite); "
        f"enqueueing took {enqueued_after:.2f} s of {ours_time:.2f} s; {delivered} messages reached the sink"
    )
    if ratio < TARGET:
        note += (
            f"; cause: {ours_time / size * 1000:.1f} ms per e-mail against {peer_time / size * 1000:.1f} ms inline: "
            f"each e-mail pays its own task (broker row written by the enqueuer, dequeued, locked and deleted "
            f"by the cluster, a result row saved, pruned past save_limit=500), and on {connection.vendor} "
            f"({broker} broker) the enqueuing process and the worker take turns at the write lock"
        )
    return Result(
        id="B6",
        workload=f"{size} e-mails ({KIND}): outbox_enqueue → qcluster ({broker} broker, 1 worker) → SMTP sink",
        size=size,
        ours=ours_rate,
        peer=peer_rate,
        ratio=ratio,
        target=f"≥ {TARGET:g}× inline rate",
        met=ratio >= TARGET and delivered == 2 * size + 1,
        queries=f"enqueue {enqueue_statements / size:.1f}/e-mail (this process); inline send "
        f"{len(peer_queries) / size:.1f}/e-mail",
        unit="e-mails/s",
        note=note,
    )
