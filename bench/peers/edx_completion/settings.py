"""A minimal Django project with Open edX's completion service (edx-completion), for P2
(bench/peers/README.md). Runs in its own virtualenv (var/bench-peers/edx_completion/venv)."""

import os
from urllib.parse import urlparse

SECRET_KEY = "bench-peer-edx-completion"  # noqa: S105 (a throwaway benchmark project)
DEBUG = False
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "waffle",
    "completion",
]
ROOT_URLCONF = "completion.urls"
# Tracking happens in the LMS with these; celery runs tasks inline, as nothing is queued here.
CELERY_TASK_ALWAYS_EAGER = True


def _database() -> dict:
    """SQLite by default; PostgreSQL when DATABASE_URL says so, under a test database of its own."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    parts = urlparse(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "TEST": {"NAME": "test_peer_edx_completion"},
    }


DATABASES = {"default": _database()}
