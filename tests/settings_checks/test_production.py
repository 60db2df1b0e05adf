"""Production settings fail fast without their four variables and pass Django's deploy checks."""

import os
import subprocess
import sys

from django.conf import settings

import pytest

REQUIRED = {
    "SECRET_KEY": "k8Qz2mX9vR4tY7wP1sL6nB3cF0hJ5gD8aE2uI9oK4lM7qW1zX6",
    "ALLOWED_HOSTS": "passerelle.exemple.fr",
    "SITE_URL": "https://passerelle.exemple.fr",
    "DATABASE_URL": "postgres://passerelle:secret@127.0.0.1:5432/passerelle",
}


def manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in REQUIRED and k not in {"REDIS_URL", "PYTEST_XDIST_WORKER", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="lms.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_four_variables():
    """`check --deploy --fail-level WARNING` passes with exactly the four required variables."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=REQUIRED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_a_missing_variable(missing):
    """Each missing variable stops the process at start-up with its name in the message."""
    env = {k: v for k, v in REQUIRED.items() if k != missing}
    result = manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "Missing required environment variable(s) for production" in result.stderr
    assert missing in result.stderr


def test_seed_demo_is_refused_by_production_settings():
    """The real production settings module refuses demo data."""
    result = manage("seed_demo", env_overrides=REQUIRED)
    assert result.returncode != 0
    assert "refused under production" in result.stderr
