"""Dev settings (`make run`) serve with debug off unless DJANGO_DEBUG=1 (`make dev`)."""

import json
import os
import subprocess
import sys

from django.conf import settings

import pytest

READ_SETTINGS = (
    "import json; from django.conf import settings; "
    "print(json.dumps([settings.DEBUG, settings.WHITENOISE_AUTOREFRESH, settings.PASSERELLE_SERVE_MEDIA]))"
)


def dev_settings(tmp_path, **env_overrides) -> list[bool]:
    """DEBUG, WHITENOISE_AUTOREFRESH and PASSERELLE_SERVE_MEDIA as lms.settings.dev reads them."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "PASSERELLE_SERVE_MEDIA", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"}
    }
    # Its own var/ folder: dev settings store a generated secret key there.
    env.update(DJANGO_SETTINGS_MODULE="lms.settings.dev", PASSERELLE_VAR_DIR=str(tmp_path), **env_overrides)
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_make_run_serves_with_debug_off(tmp_path):
    """Without DJANGO_DEBUG, debug is off (no URL list on a 404) and Django still serves media."""
    assert dev_settings(tmp_path) == [False, False, True]


@pytest.mark.parametrize("value", ["1", "true"])
def test_make_dev_turns_debug_on(tmp_path, value):
    """DJANGO_DEBUG=1, as `make dev` sets it, turns debug and static autorefresh on."""
    assert dev_settings(tmp_path, DJANGO_DEBUG=value) == [True, True, True]


def test_the_proxy_can_take_media_over(tmp_path):
    """PASSERELLE_SERVE_MEDIA=0 leaves /media/ to a proxy, in dev as in production."""
    assert dev_settings(tmp_path, PASSERELLE_SERVE_MEDIA="0")[2] is False


def test_an_sqlite_database_url_keeps_the_default_sqlite_options(tmp_path):
    """DATABASE_URL=sqlite:///… gets the IMMEDIATE transactions, the timeout and WAL of the default
    database: without them the task clusters' writers fail with "database is locked"."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"}}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.dev",
        PASSERELLE_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path}/other.sqlite3",
    )
    read = "import json; from django.conf import settings; print(json.dumps(settings.DATABASES['default']))"
    result = subprocess.run(
        [sys.executable, "-c", read], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["NAME"] == f"{tmp_path}/other.sqlite3"
    assert database["ENGINE"] == "lms.runtime.sqlite"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


@pytest.mark.parametrize(("switch", "expected"), [(None, 5), ("0", None)])
def test_postgresql_prepares_the_hot_statements_unless_told_not_to(tmp_path, switch, expected):
    """PostgreSQL gets psycopg's prepare_threshold (lms.runtime.sql.prepared_cursor); behind a
    pooler that cannot keep prepared statements, DATABASE_PREPARE=0 leaves Django's None."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DATABASE_PREPARE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.dev",
        PASSERELLE_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://someone@127.0.0.1:1/nowhere",  # read, never connected to
        **({"DATABASE_PREPARE": switch} if switch else {}),
    )
    read = "import json; from django.conf import settings; print(json.dumps(settings.DATABASES['default']))"
    result = subprocess.run(
        [sys.executable, "-c", read], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout).get("OPTIONS", {}).get("prepare_threshold") == expected
