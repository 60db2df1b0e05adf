"""Production settings: fail fast without SECRET_KEY, ALLOWED_HOSTS, SITE_URL and DATABASE_URL."""

from lms.settings.base import *  # noqa: F403
from lms.settings.env import env_bool, env_int, env_required

_required = env_required(["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DATABASE_URL"])

DEBUG = False
SECRET_KEY = _required["SECRET_KEY"]
ALLOWED_HOSTS = [host.strip() for host in _required["ALLOWED_HOSTS"].split(",") if host.strip()]
SITE_URL = _required["SITE_URL"].rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]
PASSERELLE_ALLOW_DEMO = False

# Behind a TLS-terminating proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # as cookiecutter-django
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# A stale worker heartbeat makes /sante/ answer 503, so the orchestrator notices.
HEALTH_REQUIRE_WORKER = env_bool("HEALTH_REQUIRE_WORKER", True)

STORAGES = {
    **STORAGES,  # noqa: F405  (default and private from base)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
