"""The P benchmarks' shared parts (issue 35): the peers, each a subprocess running in its own
virtualenv (var/bench-peers/<peer>/venv, installed by scripts/bench.sh from
bench/peers/<peer>/requirements.lock) and answering JSON, and our side's content, the same as
the peers' (bench/peers/content.py: a course of 10 lessons of about 1,000 words).

The peers run only under `make bench` (`python -m bench` sets PEERS); `make test` runs our side
of each P benchmark once at a tiny size and reports no peer figure."""

import atexit
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEERS_DIR = Path(__file__).resolve().parent / "peers"
sys.path.insert(0, str(PEERS_DIR))
import content  # noqa: E402  (stdlib only: the peers import the same file)

PEERS = False  # set by python -m bench; the tests leave it off
PEER_SLUG = "bench-p"  # slugs of our P course pages
_running: dict[str, "Peer"] = {}


def peer_version(name: str) -> str:
    """`wagtail-lms 0.11.1 (Django 5.2.20, Wagtail 8.0.1)` from the peer's lock."""
    lock = (PEERS_DIR / name / "requirements.lock").read_text().splitlines()
    pins = dict(line.split("==", 1) for line in lock if "==" in line and not line.startswith("#"))
    pins = {key.lower().replace("_", "-"): value for key, value in pins.items()}
    main = {"wagtail_lms": "wagtail-lms", "edx_completion": "edx-completion"}[name]
    extras = {"wagtail_lms": ["django", "wagtail"], "edx_completion": ["django", "xblock"]}[name]
    pinned = ", ".join(f"{extra} {pins.get(extra, '?')}" for extra in extras)
    return f"{main} {pins.get(main, '?')} ({pinned})"


class PeerError(Exception):
    pass


class Peer:
    """One peer process; call() sends a command and returns its JSON answer."""

    def __init__(self, name: str):
        self.name = name
        python = ROOT / "var" / "bench-peers" / name / "venv" / "bin" / "python"
        if not python.exists():
            log = python.parents[2] / "install.log"
            why = log.read_text()[-600:].strip() if log.exists() else "scripts/bench.sh installs it"
            raise PeerError(f"{name} is not installed ({python} missing): {why}")
        self.log = tempfile.NamedTemporaryFile("w+", prefix=f"bench-{name}-", suffix=".log", delete=False)
        env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
        self.process = subprocess.Popen(
            [str(python), str(PEERS_DIR / name / "run.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=env,
        )

    def call(self, cmd: str, **args) -> dict:
        try:
            self.process.stdin.write(json.dumps({"cmd": cmd, "args": args}) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            self.log.seek(0)
            raise PeerError(f"{self.name} exited: {self.log.read()[-600:].strip()}")
        answer = json.loads(line)
        if "error" in answer:
            raise PeerError(f"{self.name} {cmd}: {answer['error']}")
        return answer

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def peer(name: str, *, learners: int, fresh: bool = False) -> Peer:
    """The running peer process with at least `learners` learners loaded (a fresh one if asked)."""
    current = _running.get(name)
    if current is not None and (fresh or current.learners < learners):
        current.close()
        current = None
    if current is None:
        current = Peer(name)
        current.setup_answer = current.call("setup", learners=learners)
        current.learners = learners
        _running[name] = current
    return current


@atexit.register
def _close_all() -> None:
    for running in _running.values():
        running.close()


def spread(values: list[float]) -> dict:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def figures(label: str, values: list[float], unit: str) -> str:
    s = spread(values)
    return f"{label} min {s['min']:.4g} / median {s['median']:.4g} / max {s['max']:.4g} {unit} ({len(values)} rounds)"


def build_course(*, learners: int, tag: str):
    """Our side of the content: a published course page of 10 modules of about 1,000 words
    (14 blocks each: 7 headings, 7 paragraphs), not sequential, plus an 11th required module
    nobody finishes (as the peers' 11th lesson: no write completes the course), and `learners`
    enrolled learners. Returns (course page, module pages, learners)."""
    from django.db import transaction

    from cms.models import CourseIndexPage, HomePage, ModulePage
    from courses.models import Enrolment
    from demo.courses import course_files, course_page_create, themes_load
    from lms.accounts.models import User

    data = dict(course_files()[0].data)
    modules = []
    for number in range(content.LESSONS + 1):
        body = []
        for heading, text in content.lesson(number):
            body.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
            body.append({"type": "paragraph", "value": f"<p>{text}</p>"})
        modules.append(
            {
                "title": f"Leçon {number + 1}",
                "slug": f"lecon-{number + 1}",
                "estimated_minutes": 10,
                "is_required": True,
                "body": body,
            }
        )
    data.update(title=f"Formation P {tag}", modules=modules, is_sequential=False, cover_image=None)
    index = CourseIndexPage.objects.first()
    if index is None:  # a transactional flush took it: recreate it as the migration does
        home = HomePage.objects.first()
        index = home.add_child(instance=CourseIndexPage(title="Formations", slug="formations", intro="Formations."))
        index.save_revision().publish()
    with transaction.atomic():
        course_page = course_page_create(index, data, themes_load(), slug=f"{PEER_SLUG}-{tag}")
        users = User.objects.bulk_create(
            [User(login_id=f"p-{tag}-{i}", email=f"p-{tag}-{i}@example.org") for i in range(learners)]
        )
        users = list(User.objects.filter(login_id__startswith=f"p-{tag}-").order_by("pk"))
        course_page.refresh_from_db()
        Enrolment.objects.bulk_create([Enrolment(user=user, course_id=course_page.course_id) for user in users])
    pages = list(ModulePage.objects.child_of(course_page).live().order_by("path"))
    return course_page, pages, users
