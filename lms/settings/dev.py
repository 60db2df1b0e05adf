"""Development and demo settings: the embedded defaults that `make run` uses."""

from lms.settings.base import *  # noqa: F403
from lms.settings.base import VAR_DIR
from lms.settings.env import env_bool, env_str, stored_secret

# Debug off unless asked for (`make dev`): `make run` is how a small EPN or town hall runs
# Passerelle, and Django's debug 404 page lists every URL of the site to whoever mistypes one.
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or stored_secret(VAR_DIR / "secret_key")

# With debug off, dev still serves static files straight from the apps (no collectstatic,
# no manifest), and still answers on 127.0.0.1 and localhost. Whitenoise indexes them once at
# start-up; with debug on it looks again at each request, so edited CSS shows without a restart.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# And the public media (Wagtail's images), which only DEBUG used to serve.
PASSERELLE_SERVE_MEDIA = env_bool("PASSERELLE_SERVE_MEDIA", True)

# Demo data and demo accounts are allowed here, never in production.
PASSERELLE_ALLOW_DEMO = True

# A demo at 21:00 should show its reminders at once: quiet hours are off unless asked for.
NOTIFICATIONS_QUIET_HOURS = (20, 8) if env_bool("PASSERELLE_QUIET_HOURS", False) else None
