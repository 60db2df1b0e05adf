"""Reading configuration from environment variables, the only source of configuration."""

import os
import secrets
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {raw!r}.")


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(names: list[str]) -> dict[str, str]:
    """Return the named variables, failing fast with one message naming every missing one."""
    values = {name: env_str(name) for name in names}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ImproperlyConfigured("Missing required environment variable(s) for production: " + ", ".join(missing))
    return values


def stored_secret(path: Path, length: int = 50, generate=None) -> str:
    """A secret kept in a file under var/, generated on first use: `generate()` if given (a
    PEM key, say), else a random token of `length` bytes.

    Several processes may start at once (web server, two clusters, test workers), so the
    file is created exclusively and whoever loses the race reads the winner's value.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            value = path.read_text().strip()
            if value:
                return value
            time.sleep(0.01)
        raise ImproperlyConfigured(f"{path} is empty: delete it to generate a new secret.") from None
    value = generate() if generate else secrets.token_urlsafe(length)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None
