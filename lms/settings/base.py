"""Settings shared by every environment. Configuration comes from environment variables only."""

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

import dj_database_url

from lms.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("PASSERELLE_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite files, generated keys, media: never committed

DEBUG = False
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # Platform core, in dependency order (DESIGN.md §2).
    "lms.accounts",
    "lms.organisations",
    "lms.notifications",
    "lms.privacy",
    "lms.runtime",
    "courses",
    "certificates",
    "facetoface",
    "scenarios",
    "surveys",
    "dashboards",
    "relays",
    "cms",
    "demo",
    # Wagtail. (No wagtail.contrib.settings: no model registers a setting, and its admin views
    # and tags would load with every process for nothing.)
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Infrastructure.
    "django_q",
    "csp",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.runtime.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lms.runtime.middleware.PasserelleCSPMiddleware",
    "lms.runtime.middleware.DatabaseLockedMiddleware",
    "cms.cache.PublicPageCacheMiddleware",
    "cms.sites.SiteLookupMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.runtime.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite in WAL mode by default (DESIGN.md §3); PostgreSQL when DATABASE_URL says so.
# An SQLite file named by DATABASE_URL gets the same engine and options as the default one: without
# IMMEDIATE transactions and the timeout, the task clusters' writers meet "database is locked".
SQLITE_DEFAULTS: dict[str, Any] = {
    "ENGINE": "lms.runtime.sqlite",
    "OPTIONS": {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    },
}
DATABASE_URL = env_str("DATABASE_URL")
DATABASES: dict[str, dict[str, Any]]
if DATABASE_URL:
    DATABASES = {"default": dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"].update(SQLITE_DEFAULTS, CONN_MAX_AGE=0, CONN_HEALTH_CHECKS=False)
    elif DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("DATABASE_PREPARE", True):
        # Django turns psycopg's prepared statements off (None); Django's cursors never prepare
        # anyway (they bind on the client): this lets lms.runtime.sql.prepared_cursor's statements
        # be prepared. Off (DATABASE_PREPARE=0) behind a pooler in transaction mode that cannot
        # keep them (PgBouncer before 1.21).
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
else:
    DATABASES = {"default": {**SQLITE_DEFAULTS, "NAME": str(VAR_DIR / "db.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------
# Shared by every process: throttling, cluster stats, the worker heartbeat.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # A Redis outage degrades features and never breaks a page.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
            "KEY_PREFIX": "passerelle",
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "passerelle_cache",
        },
        # Wagtail writes every rendition it serves to this cache: in the database that would be
        # a few queries per image on each page (the catalogue's cards). A rendition is a row
        # any process can read again, so a per-process memory cache is enough.
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "passerelle-renditions",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Tasks --------------------------------------------------------------------------------
# Two clusters: `default` for short tasks and `long` for imports, exports and aggregates,
# started as `Q_CLUSTER_NAME=long manage.py qcluster`. `retry` must exceed `timeout`.
Q_CLUSTER: dict[str, Any] = {
    "name": "default",
    "workers": 2,
    "timeout": 60,
    "retry": 120,
    "max_attempts": 5,
    "catch_up": False,
    "ack_failures": True,
    "save_limit": 500,
    "poll": 1,
    "label": _("Tâches de fond"),
    "ALT_CLUSTERS": {
        "long": {"workers": 1, "timeout": 1800, "retry": 2100, "max_attempts": 3},
    },
}
if REDIS_URL:
    Q_CLUSTER["django_redis"] = "default"
else:
    Q_CLUSTER["orm"] = "default"

# Health: /sante/ answers 503 when the worker heartbeat is older than this.
HEALTH_HEARTBEAT_MAX_AGE = 180
HEALTH_REQUIRE_WORKER = env_bool("HEALTH_REQUIRE_WORKER", False)

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["lms.accounts.backends.EmailOrLoginIdBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "courses:dashboard"
PASSWORD_RESET_TIMEOUT = 2 * 3600
# Behind a reverse proxy, the header that carries the client's address (e.g. HTTP_X_REAL_IP);
# empty means REMOTE_ADDR. Sign-in throttling counts per address (lms/accounts/throttling.py).
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Personal data (lms.privacy; documented in docs/privacy.md) ----------------------------
# Retention periods, in days, applied by the daily "privacy.retention" schedule.
PRIVACY_UNCONFIRMED_ACCOUNT_DAYS = env_int("PRIVACY_UNCONFIRMED_ACCOUNT_DAYS", 30)  # never signed in
PRIVACY_INACTIVE_ACCOUNT_DAYS = env_int("PRIVACY_INACTIVE_ACCOUNT_DAYS", 3 * 365)  # no sign-in since
PRIVACY_INACTIVE_NOTICE_DAYS = env_int("PRIVACY_INACTIVE_NOTICE_DAYS", 30)  # e-mail notice before
PRIVACY_LINK_DAYS = env_int("PRIVACY_LINK_DAYS", 7)  # expired invitations, magic links, access codes
PRIVACY_OUTBOX_DAYS = env_int("PRIVACY_OUTBOX_DAYS", 365)  # sent e-mails
PRIVACY_IMPORT_DAYS = env_int("PRIVACY_IMPORT_DAYS", 30)  # import files and previews
PRIVACY_EXPORT_DAYS = env_int("PRIVACY_EXPORT_DAYS", 7)  # data export archives
PRIVACY_SHEET_DAYS = env_int("PRIVACY_SHEET_DAYS", 4 * 365)  # attendance sheets, after closing

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "passerelle_langue"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
# Django itself serves the public media under MEDIA_URL (lms.runtime.views.public_media). Dev
# turns it on, since `make run` has no proxy; in production a proxy usually serves MEDIA_ROOT.
PASSERELLE_SERVE_MEDIA = env_bool("PASSERELLE_SERVE_MEDIA", False)
# Reminders wait for the end of these hours (start, end), in TIME_ZONE; None sends at any hour.
# Transactional e-mail (sign-in links, invitations) never waits.
NOTIFICATIONS_QUIET_HOURS: tuple[int, int] | None = (20, 8)

# Open Badges 3.0 credentials are signed with this RSA key (PEM). Without it, one is generated
# under var/keys/ on first use: fine for one node; several nodes must share one key.
OPENBADGES_SIGNING_KEY = env_str("OPENBADGES_SIGNING_KEY")
OPENBADGES_KEY_FILE = VAR_DIR / "keys" / "openbadges-rsa.pem"

# Files that a view hands out after checking who asks (attestation PDFs): never under MEDIA_URL.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or VAR_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- E-mail -------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Passerelle <ne-pas-repondre@passerelle.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers ---------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "lms.runtime.views.csrf_failure"

# Public pages get a strict policy with no inline script. The Wagtail admin still uses inline
# scripts and styles, so /admin/ and /django-admin/ get their own policy
# (lms.runtime.middleware.PasserelleCSPMiddleware picks it by path).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "media-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

# --- Wagtail ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Passerelle"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL") or SITE_URL
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
# Draftail, for which anything posted that is not its JSON is a form error, not a 500.
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "cms.rich_text.handlers.SafeDraftailRichTextArea"}}
# Full-page cache of public pages for visitors without a session (cms/cache.py).
PASSERELLE_PAGE_CACHE = env_bool("PASSERELLE_PAGE_CACHE", True)

# SQLite's FTS5 folds accents by itself; on PostgreSQL, a French configuration with `unaccent`
# (created by cms/migrations/0005) makes "ecran" find "écran".
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"
WAGTAILEMBEDS_FINDERS: list[dict] = []  # No oEmbed fetch: no network, and third-party players set cookies.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Module documents: office files, and the self-hosted videos with their WebVTT captions.
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "csv", "mp4", "webm", "vtt"]
# Played or read in the page rather than downloaded.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain", "text/vtt", "video/mp4", "video/webm"]
# No calls to third parties from the admin: no Gravatar (it leaks e-mail hashes), no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# One way in, under one set of rules (issue 21): Wagtail's login pages redirect to the site's
# sign-in (lms/urls.py), and its password reset and e-mail change, which sent mail inside the
# request and changed the address unconfirmed, are off: the site's own flows confirm by link.
WAGTAILADMIN_LOGIN_URL = "wagtail_admin_login"
WAGTAIL_FRONTEND_LOGIN_URL = "wagtail_frontend_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Wagtail logs every page edit and its background tasks every run: useful when debugging,
    # noise otherwise (the admin keeps its own history of edits).
    "loggers": {name: {"level": env_str("LOG_LEVEL_WAGTAIL", "WARNING")} for name in ("wagtail", "django_tasks")},
}
