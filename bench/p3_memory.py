"""P3: the resident memory of one process that loaded the P course (bench/peering.py) and served
1,000 lesson pages to an enrolled learner: ours against wagtail-lms. Each side runs in a fresh
process of its own (ours: `python -m bench.p3_memory N`, on a throwaway test database), so that
neither counts what the other benchmarks loaded; both processes also migrated their database.
edx-completion has no pages: no P3 for it."""

import json
import os
import sys
import tempfile
import uuid
from pathlib import Path

from bench import peering
from bench.core import Result, benchmark

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.0  # ≤ the peer's RSS


def serve_and_measure(n: int) -> dict:
    """Load the course, sign a learner in, GET the lesson pages n times; RSS before and after."""
    from django.test import Client

    from protocol import rss_kb  # bench/peers/, on the path through bench.peering

    _course_page, pages, users = peering.build_course(learners=1, tag=uuid.uuid4().hex[:8])
    client = Client()
    client.force_login(users[0])
    urls = [page.url for page in pages[: peering.content.LESSONS]]
    assert client.get(urls[0]).status_code == 200
    before = rss_kb()
    for i in range(n):
        response = client.get(urls[i % len(urls)])
        assert response.status_code == 200, response.status_code
    return {"rss_setup_kb": before, "rss_kb": rss_kb(), "requests": n}


def _ours_in_a_process(n: int) -> dict:
    import subprocess

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="lms.settings.test", PASSERELLE_VAR_DIR=tempfile.mkdtemp())
    done = subprocess.run(
        [sys.executable, "-m", "bench.p3_memory", str(n)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise peering.PeerError(f"ours exited {done.returncode}: {done.stderr[-600:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@benchmark("P3", "memory after lesson pages against wagtail-lms", full=1000, quick=300, tiny=3)
def run(size: int) -> Result:
    error, peer_answer = "", None
    if peering.PEERS:
        ours_answer = _ours_in_a_process(size)
        try:
            wagtail_lms = peering.peer("wagtail_lms", learners=1, fresh=True)
            setup_kb = wagtail_lms.setup_answer["rss_kb"]
            peer_answer = wagtail_lms.call("lesson_pages", n=size)
            wagtail_lms.close()
        except peering.PeerError as failure:
            error = str(failure)
    else:  # make test: our side in this process, once, tiny
        ours_answer = serve_and_measure(size)
    ours = ours_answer["rss_kb"] / 1024
    note = f"ours {ours_answer['rss_setup_kb'] / 1024:.1f} MB after loading, {ours:.1f} MB after {size} pages"
    if peer_answer is not None:
        peer = peer_answer["rss_kb"] / 1024
        note += f"; wagtail-lms {setup_kb / 1024:.1f} MB after loading, {peer:.1f} MB after {size} pages"
    else:
        peer = 0.0
        note += "; " + (f"**peer failed**: {error}" if error else "peers not run (make test)")
    ratio = ours / peer if peer else 0.0
    if peer:
        note += (
            "; what moved (issue 35): icalendar, PyJWT with cryptography, segno and python-stdnum load where "
            "they are used (a calendar file, a signed credential, a PDF's QR code, a SIREN check), no longer "
            "with every process, and the unused wagtail.contrib.settings is gone: 2,754 → 2,573 modules in "
            "this process, 1.27–1.30× → 1.21× (tests/runtime/test_imports.py keeps them out)"
        )
    if peer and ratio > TARGET:
        note += (
            "; what is left (SQLite, stages of this process, same virtualenv): the same stack without our apps "
            "(Wagtail, Django, django-q2, django-csp, whitenoise, both admins routed) holds 137 MB after migrating, "
            "the peer 135 MB; the other ~28 MB are our own code, 430 modules and 71 models of nine apps that "
            "Django loads at start whatever the page (setup +13 MB, their URL modules +4 MB, their 63 migrations "
            "+10 MB), not what serving keeps (our objects ~1 MB: block cache, routes, module lists); of the "
            "stack's share, ~5 MB are development tools found only in our virtualenv (Jinja2 through locust, "
            "PyYAML through pre-commit, Pygments through pytest, psutil), which Django's test utilities "
            "(imported by wagtail.coreutils), DRF and django-q2 import when installed and a production install "
            "(requirements.txt) lacks, and ~2 MB our routed admins, which the peer's project does not route"
        )
    return Result(
        id="P3",
        workload=f"RSS of one process after {size} lesson pages (signed-in learner); ours vs "
        f"{peering.peer_version('wagtail_lms')}",
        size=size,
        ours=ours,
        peer=peer,
        ratio=ratio,
        target=f"≤ {TARGET:g}× peer RSS",
        met=ratio <= TARGET and ratio > 0,
        unit="MB",
        note=note,
    )


if __name__ == "__main__":
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_databases, setup_test_environment

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Not the test database of the `python -m bench` that started this process.
        # In place: the connection shares this dict, whose TEST Django has filled in (MIRROR…).
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "test_passerelle_p3"
    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    try:
        answer = serve_and_measure(int(sys.argv[1]))
    finally:
        from django.test.utils import teardown_databases

        teardown_databases(config, verbosity=0)
    print(json.dumps(answer))
