"""B7: locust, headless, against gunicorn (2 workers) on 127.0.0.1 serving the benchmark's
database: 70 % pages (catalogue, course and module pages, half as visitors, half signed in),
20 % "module done" writes, 5 % /mon-espace/, 5 % attestation PDF downloads, with the "ok" view
requested in the same run as the peer. p95 of pages against p95 of "ok"; no error; no
"database is locked".

Also the WSGI entry of that gunicorn: `bench.b7_load:application` is the project's application
with ROOT_URLCONF pointing at bench.b4_pages (lms.urls plus the "ok" view)."""

import csv
import json
import os
import secrets
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from bench.core import Result, benchmark

TARGET = 15  # p95 of pages ≤ 15× p95 of "ok"
WORKERS = 2
DURATIONS = {30: 120, 10: 15, 2: 3}  # users → seconds (full, quick, tiny)
START_TIMEOUT = 60

_wsgi = None


def application(environ, start_response):
    """gunicorn bench.b7_load:application — the project's WSGI app with the "ok" view added."""
    global _wsgi
    if _wsgi is None:
        from django.conf import settings
        from django.core.wsgi import get_wsgi_application

        _wsgi = get_wsgi_application()
        settings.ROOT_URLCONF = "bench.b4_pages"
    return _wsgi(environ, start_response)


LOCUSTFILE = """
import json, os, random
from locust import HttpUser, task, between

DATA = json.load(open(os.environ["B7_DATA"]))


class Visitor(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self):
        self.learner = DATA["learners"][random.randrange(len(DATA["learners"]))]
        self.signed_in = {"sessionid": self.learner["session"], "csrftoken": DATA["csrf"]}
        self.client.get("/bench/ok/", name="ok")  # at least one, however short the run

    @task(70)
    def page(self):
        url = random.choice(DATA["pages"])
        cookies = self.signed_in if random.random() < 0.5 else {}
        self.client.get(url, name="page", cookies=cookies)

    @task(20)
    def progress(self):
        module_id = random.choice(DATA["modules"])
        with self.client.post(
            f"/mon-espace/modules/{module_id}/termine/",
            name="progress",
            cookies=self.signed_in,
            headers={"X-CSRFToken": DATA["csrf"]},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    @task(5)
    def dashboard(self):
        self.client.get("/mon-espace/", name="dashboard", cookies=self.signed_in)

    @task(5)
    def pdf(self):
        with self.client.get(
            f"/attestations/{self.learner['code']}/pdf/", name="pdf", cookies=self.signed_in, catch_response=True
        ) as response:
            if response.headers.get("Content-Type") == "application/pdf":
                response.success()
            else:
                response.failure("not a PDF")

    @task(10)
    def ok(self):
        self.client.get("/bench/ok/", name="ok")
"""


def _data(users: int, tag: str) -> dict:
    """Learners signed in (sessions in the database), enrolled in the catalogue's courses, each
    holding one attestation with its PDF ready."""
    from unittest import mock

    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from bench.b4_pages import build_site
    from bench.b5_pdf import quiet_pdf_logs
    from certificates.services import certificate_issue, certificate_render
    from cms.models import CoursePage, ModulePage
    from courses.models import Course, Enrolment, EnrolmentStatus, Module
    from lms.accounts.models import User

    site = build_site()
    course_pages = list(CoursePage.objects.filter(slug__startswith="bench-").live().order_by("path"))
    module_pages = list(ModulePage.objects.filter(path__startswith=course_pages[0].path[:-4]).live())
    pages = [site["catalogue"], *(page.url for page in course_pages), *(page.url for page in module_pages[:20])]
    tracked = list(Course.objects.filter(pages__in=course_pages).distinct())
    modules = list(Module.objects.filter(course__in=tracked, is_published=True).values_list("pk", flat=True))
    with transaction.atomic():
        attested = Course.objects.create(title=f"B7 attestation {tag}", is_published=True, estimated_minutes=60)
        User.objects.bulk_create(
            [
                User(login_id=f"b7-{tag}-{i}", email=f"b7-{tag}-{i}@example.org", first_name="Léa", last_name=str(i))
                for i in range(users)
            ]
        )
        learners = list(User.objects.filter(login_id__startswith=f"b7-{tag}-").order_by("pk"))
        for learner in learners:
            learner.audiences.set(["parent"])
        Enrolment.objects.bulk_create(
            [Enrolment(user=learner, course=course) for learner in learners for course in tracked]
            + [
                Enrolment(user=learner, course=attested, status=EnrolmentStatus.COMPLETED, completed_at=timezone.now())
                for learner in learners
            ]
        )
    rows = []
    with (
        quiet_pdf_logs(),
        mock.patch("certificates.services.enqueue"),
        mock.patch("lms.notifications.services.outbox.enqueue_send"),
    ):
        for enrolment in Enrolment.objects.filter(course=attested).select_related("user").order_by("pk"):
            certificate = certificate_issue(enrolment_id=enrolment.pk, cycle=enrolment.cycle)
            certificate_render(certificate_id=certificate.pk)
            client = Client()
            client.force_login(enrolment.user)
            rows.append({"session": client.cookies["sessionid"].value, "code": certificate.code})
    return {"pages": pages, "modules": modules, "learners": rows, "csrf": secrets.token_hex(16)}


def _wait_for_server(url: str, child, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {child.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT}s:\n{log_path.read_text()[-3000:]}")


def _stats(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


@benchmark("B7", "load", full=30, quick=10, tiny=2, needs_processes=True)
def run(size: int) -> Result:
    from django.conf import settings
    from django.db import connection

    from bench.b6_tasks import free_port, process, process_environment

    tag = uuid.uuid4().hex[:8]
    duration = DURATIONS.get(size, max(3, min(120, size * 4)))
    data = _data(size, tag)
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="passerelle-b7-") as work:
        work = Path(work)
        (work / "data.json").write_text(json.dumps(data))
        (work / "locustfile.py").write_text(LOCUSTFILE)
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server_log = work / "gunicorn.log"
        # Tasks that requests enqueue (an attestation on completing a course) go to the broker,
        # as in production, instead of running inside the web process.
        env = process_environment(PASSERELLE_TASKS_SYNC="0")
        server_args = [
            str(bin_dir / "gunicorn"),
            "bench.b7_load:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "60",
            "--error-logfile",
            "-",
        ]
        with process(server_args, server_log, env) as server:
            _wait_for_server(host + "/bench/ok/", server, server_log)
            for url in data["pages"]:  # each worker warms up on its first requests
                urllib.request.urlopen(host + url, timeout=30).read()  # noqa: S310  (loopback)
            locust_args = [
                str(bin_dir / "locust"),
                "-f",
                str(work / "locustfile.py"),
                "--headless",
                "--users",
                str(size),
                "--spawn-rate",
                str(size),
                "--run-time",
                f"{duration}s",
                "--host",
                host,
                "--csv",
                str(work / "stats"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ]
            locust_log = work / "locust.log"
            with process(locust_args, locust_log, dict(os.environ, B7_DATA=str(work / "data.json"))) as load:
                load.wait(duration + 60)
            server_text = server_log.read_text(errors="replace")
        stats = _stats(work / "stats_stats.csv")
        locust_text = locust_log.read_text(errors="replace")
    page, ok = stats["page"], stats["ok"]
    total = stats["Aggregated"]
    errors = int(total["Failure Count"])
    locked = server_text.count("database is locked") + locust_text.count("database is locked")
    ours, peer = float(page["95%"]), float(ok["95%"])
    ratio = ours / peer if peer else float("inf")
    met = ratio <= TARGET and errors == 0 and locked == 0
    by_name = ", ".join(
        f"{name} n={row['Request Count']} p95={row['95%']} ms" for name, row in stats.items() if name != "Aggregated"
    )
    broker = "redis" if settings.Q_CLUSTER.get("django_redis") else "orm"
    note = f"{by_name}; {float(total['Requests/s']):.0f} req/s overall; errors {errors}; 'database is locked' {locked}"
    if errors:
        note += "; failing: " + ", ".join(
            f"{name} {row['Failure Count']}"
            for name, row in stats.items()
            if name != "Aggregated" and int(row["Failure Count"])
        )
    return Result(
        id="B7",
        workload=f"locust {size} users × {duration} s → gunicorn {WORKERS} workers ({connection.vendor}, {broker} "
        "broker): 70% pages, 20% writes, 5% dashboard, 5% PDF, plus ok",
        size=size,
        ours=ours,
        peer=peer,
        ratio=ratio,
        target=f"p95 pages ≤ {TARGET}× p95 ok; 0 errors; no 'database is locked'",
        met=met,
        queries="",
        unit="ms p95",
        note=note,
    )
