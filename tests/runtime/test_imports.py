"""A web process loads what serving pages needs: the libraries of rarely used features (calendar
files, signed credentials, QR codes, SIREN checks, PDFs) load where they are used (bench P3)."""

import json
import os
import subprocess
import sys
import uuid

from django.conf import settings
from django.db import connection

import pytest

from bench import peering

# Each is imported inside the function that needs it (lms/calendar.py, certificates/openbadges.py,
# certificates/rendering.py, lms/organisations/validators.py, lms/pdf.py).
LAZY_LIBRARIES = {"icalendar", "jwt", "cryptography", "segno", "stdnum", "weasyprint"}

# A fresh process, as a web worker starts: other tests' imports would hide what a page loads.
SERVE_ONE_PAGE = """
import json, sys
import django
django.setup()
from django.test import Client
from django.urls import get_resolver
from lms.accounts.models import User
get_resolver().url_patterns  # every URL module, as the first request resolves them
client = Client()
client.force_login(User.objects.get(pk=int(sys.argv[1])))
response = client.get(sys.argv[2])
assert response.status_code == 200 and sys.argv[3] in response.content.decode(), response.status_code
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.usefixtures("transactional_site")
def test_a_module_page_loads_none_of_the_heavy_libraries():
    """After setup, the URLconf and a learner's module page, no rarely used heavy library is loaded."""
    _course, pages, users = peering.build_course(learners=1, tag=uuid.uuid4().hex[:8])
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.test",
        PASSERELLE_TEST_DB_NAME=str(connection.settings_dict["NAME"]),  # this test's rows
    )
    done = subprocess.run(
        [sys.executable, "-c", SERVE_ONE_PAGE, str(users[0].pk), pages[0].url, pages[0].title],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    # redis-py's own redis.utils imports cryptography to learn whether it is there: with Redis as
    # the cache (the PostgreSQL + Redis stage, production), it loads with the first cache call.
    not_ours = {"cryptography"} if settings.REDIS_URL else set()
    assert loaded & (LAZY_LIBRARIES - not_ours) == set()
    assert {"django", "wagtail", "cms", "courses"} <= loaded  # the page was served by this process
