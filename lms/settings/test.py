"""Test settings: fast hashing, a file-based SQLite database, in-memory mail, synchronous tasks."""

import os

from lms.settings.base import *  # noqa: F403
from lms.settings.base import CACHES, DATABASES, Q_CLUSTER, REDIS_URL, VAR_DIR
from lms.settings.env import env_bool, env_str

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started by tests/helpers/worker.py inherits the SMTP test server through these.
EMAIL_BACKEND = env_str("PASSERELLE_TEST_EMAIL_BACKEND") or "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSERELLE_SERVE_MEDIA = True
PASSERELLE_ALLOW_DEMO = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# The default pytest-django SQLite test database lives in memory, which ignores WAL and the
# busy timeout; a file makes concurrency tests mean something (DESIGN.md §5).
if DATABASES["default"]["ENGINE"] == "lms.runtime.sqlite":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

# A real `qcluster` started by the worker helper (tests/helpers/worker.py) must use the test
# database of the process that started it, not the development one.
_worker_db = env_str("PASSERELLE_TEST_DB_NAME")
if _worker_db:
    DATABASES["default"]["NAME"] = _worker_db
    DATABASES["default"].pop("TEST", None)

# Tasks run synchronously in unit tests; the worker helper turns this off for its cluster.
Q_CLUSTER["sync"] = env_bool("PASSERELLE_TASKS_SYNC", True)
Q_CLUSTER["poll"] = 0.1
Q_CLUSTER["workers"] = 1
Q_CLUSTER["ALT_CLUSTERS"]["long"]["workers"] = 1

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Parallel test workers (pytest-xdist) share one Redis server: each takes its own database
# number, so that caches, heartbeats and task queues never cross.
if REDIS_URL:
    _worker_number = int((os.environ.get("PYTEST_XDIST_WORKER") or "gw0").removeprefix("gw") or 0)
    _redis_url = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL.rstrip("/")
    CACHES["default"]["LOCATION"] = f"{_redis_url}/{1 + _worker_number}"

# Tests pin the clock where they need quiet hours (tests/notifications/test_sweeps.py); the rest
# must not depend on the hour the suite runs at.
NOTIFICATIONS_QUIET_HOURS = None
