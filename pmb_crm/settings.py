"""Settings for PMB CRM, read from environment variables only (see .env.example)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PMB_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_minutes(name: str) -> dict[str, int]:
    """`step=minutes,step=minutes` pairs, e.g. CONTENT_STEP_MINUTES="concept=5,review=15"."""
    result = {}
    for pair in env_list(name, []):
        key, sep, value = pair.partition("=")
        if not sep or not value.strip().isdigit():
            raise ImproperlyConfigured(f"{name}: {pair!r} is not step=minutes.")
        result[key.strip()] = int(value)
    return result


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules or env_bool("PMB_TESTING", False)
# Code-only management commands that neither serve, sign nor touch real data may run without the
# production secrets (a developer's `makemigrations --check`, a Docker build's `collectstatic`).
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "collectstatic", "help", "version"}
OFFLINE = len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" and sys.argv[1] in OFFLINE_COMMANDS

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING or OFFLINE:
        SECRET_KEY = "insecure-dev-only-key-never-use-in-production-0123456789abcdef"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the application refuses to start without it; "
            "set SECRET_KEY (and DATABASE_URL) in the environment, or DEBUG=1 for development."
        )

_database_url = env_str("DATABASE_URL")
if not _database_url and OFFLINE and not DEBUG:
    _database_url = "sqlite://:memory:"
if not _database_url:
    if DEBUG or TESTING:
        VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default lives in var/
        _database_url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    else:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set. With DEBUG off the application refuses to start without it; "
            "for example DATABASE_URL=postgres://pmb:secret@localhost:5432/pmb_crm."
        )

DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file (not in-memory) test database, so a real Celery worker process can share it.
    # Named per process so concurrent test runs on one machine do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
    # WAL lets the web server, the worker and beat share the embedded database.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if (DEBUG or TESTING) else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "core",
    "leads",
    "inquiries",
    "outbox",
    "content",
    "reports",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.locale_middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.input_guard.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.sessions.SessionTimeoutMiddleware",
    "core.throttle.LoginThrottleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]
# Platform webhook POSTs (pmb_crm.webhook_handler): the security headers, the host check and CSP
# only, in MIDDLEWARE's order (a test keeps it a subsequence). The signature authenticates.
WEBHOOK_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "pmb_crm.urls"
WSGI_APPLICATION = "pmb_crm.wsgi.application"

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
                "core.context_processors.navigation",
                "core.context_processors.institution",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling: five failures lock the username+address pair for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# ...and one address, whatever usernames it tries (password spraying), and password-reset requests.
LOGIN_THROTTLE_ENABLED = env_bool("LOGIN_THROTTLE_ENABLED", True)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 20)
LOGIN_THROTTLE_MINUTES = env_int("LOGIN_THROTTLE_MINUTES", 15)
PASSWORD_RESETS_PER_IP = env_int("PASSWORD_RESETS_PER_IP", 5)

# Sessions: signed out after 30 idle minutes and 12 hours after signing in (core.sessions); the
# cookie is a browser-session cookie and the server forgets the session after the absolute limit.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_ABSOLUTE_TIMEOUT_HOURS = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 12)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600

# Language and time: Indonesian first, English switchable; office zone for display and reports.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# The campus shown on public pages (the website form) and in the installed app's name.
INSTITUTION_NAME = env_str("INSTITUTION_NAME", "Politeknik Bintan Cakrawala")
INSTITUTION_LOGO = env_str("INSTITUTION_LOGO", "img/logo.svg")  # a path under static/

TIME_ZONE = env_str("OFFICE_TIME_ZONE", "Asia/Jakarta")
# SLA lengths of an inquiry (SOP 02: first response in 2 working hours; ITB: resolved in 24 hours
# counted from the first working instant after receipt).
INQUIRY_FIRST_RESPONSE_WORKING_MINUTES = env_int("INQUIRY_FIRST_RESPONSE_WORKING_MINUTES", 120)
INQUIRY_RESOLUTION_HOURS = env_int("INQUIRY_RESOLUTION_HOURS", 24)
OFFICE_TIME_ZONE = TIME_ZONE

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content plan (UB SOP Pengelolaan Sosial Media): the standard minutes per step, shown against the
# time items actually spent there; e.g. CONTENT_STEP_MINUTES="concept=5,production=10,review=10".
CONTENT_STEP_MINUTES = {
    "concept": 5,
    "production": 10,
    "review": 10,
    "changes_requested": 10,
    "approved": 15,
    **env_minutes("CONTENT_STEP_MINUTES"),
}
CONTENT_ASSET_MAX_BYTES = env_int("CONTENT_ASSET_MAX_BYTES", 20 * 1024 * 1024)
CONTENT_ASSET_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".pdf": "application/pdf",
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: safe defaults when DEBUG is off (behind a TLS-terminating proxy in production).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Only a local trial over plain HTTP (docker compose defaults) turns these off.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Email: the standard Django EMAIL_* settings; the embedded default writes mail to files.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if (DEBUG or TESTING)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "sent-mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PMB Politeknik Bintan Cakrawala <pmb@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Lead import: files with more data rows than this preview and import in a Celery task with a
# progress bar; rejected rows (personal data) are kept this many days for the CSV download.
IMPORT_SYNC_MAX_ROWS = env_int("IMPORT_SYNC_MAX_ROWS", 2000)
IMPORT_REJECTED_RETENTION_DAYS = env_int("IMPORT_REJECTED_RETENTION_DAYS", 30)
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)

# Platforms (WhatsApp Cloud API, Messenger/Instagram). Empty tokens disable the matching webhook.
# Media the contacts send (images, documents, audio) fetched by the worker: larger files are refused.
INBOX_MEDIA_MAX_BYTES = env_int("INBOX_MEDIA_MAX_BYTES", 16 * 1024 * 1024)

# Inbound email (ITB care center): the mailbox polled over IMAP by a beat job; empty host = off.
INBOUND_IMAP_HOST = env_str("INBOUND_IMAP_HOST", "")
INBOUND_IMAP_PORT = env_int("INBOUND_IMAP_PORT", 993)
INBOUND_IMAP_SSL = env_bool("INBOUND_IMAP_SSL", True)
INBOUND_IMAP_USER = env_str("INBOUND_IMAP_USER", "")
INBOUND_IMAP_PASSWORD = env_str("INBOUND_IMAP_PASSWORD", "")
INBOUND_IMAP_FOLDER = env_str("INBOUND_IMAP_FOLDER", "INBOX")
INBOUND_IMAP_TIMEOUT = env_int("INBOUND_IMAP_TIMEOUT", 30)

WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN", "")
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET", "")
WHATSAPP_ACCESS_TOKEN = env_str("WHATSAPP_ACCESS_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID", "")
META_VERIFY_TOKEN = env_str("META_VERIFY_TOKEN", "")
META_APP_SECRET = env_str("META_APP_SECRET", "")
META_PAGE_ACCESS_TOKEN = env_str("META_PAGE_ACCESS_TOKEN", "")
GRAPH_API_URL = env_str("GRAPH_API_URL", "https://graph.facebook.com/v23.0").rstrip("/")
GRAPH_API_TIMEOUT = env_int("GRAPH_API_TIMEOUT", 10)
# "record" stores outbound platform messages without calling the Graph API (embedded default);
# "graph" calls GRAPH_API_URL.
MESSAGING_BACKEND = env_str(
    "MESSAGING_BACKEND", "graph" if WHATSAPP_ACCESS_TOKEN or META_PAGE_ACCESS_TOKEN else "record"
)
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Celery: the embedded default is kombu's filesystem transport, which needs no server.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": 3600}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
DJANGO_CELERY_BEAT_TZ_AWARE = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api_permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api_pagination.CappedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"public_form": "10/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PMB CRM API",
    "DESCRIPTION": "Leads, inquiries and reports of the admissions office.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package's local assets (no CDN), for staff only.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "VerificationStateEnum": "leads.models.VerificationState",
        "LeadStatusEnum": "leads.models.LeadStatus",
        "InquiryStatusEnum": "inquiries.models.InquiryStatus",
        "InquiryChannelEnum": "inquiries.models.Channel",
        "InquiryLevelEnum": "inquiries.models.Level",
        "OutboundStatusEnum": "outbox.models.OutboundStatus",
        "ContentStatusEnum": "content.models.ContentStatus",
        "ContentChannelEnum": "content.models.ContentChannel",
    },
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("CACHE_URL"),
    }
    if env_str("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, so an
# injected <script>, onclick= or style= does nothing. Templates load JS with <script src> and pass
# data through json_script or data- attributes (see STYLE in COMMON notes).
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    # The Django admin and the API docs (Swagger UI) keep inline styles of their own.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/api/docs/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Recovery waits (minutes): a webhook event left PROCESSING by a dead worker or a database error is
# taken back by the sweep after this (never sooner than the task's hard time limit).
WEBHOOK_STUCK_AFTER_MINUTES = env_int("WEBHOOK_STUCK_AFTER_MINUTES", 3)

# UU PDP retention: raw webhook bodies once processed, outbound bodies once delivered (days).
WEBHOOK_BODY_RETENTION_DAYS = env_int("WEBHOOK_BODY_RETENTION_DAYS", 30)
OUTBOX_BODY_RETENTION_DAYS = env_int("OUTBOX_BODY_RETENTION_DAYS", 30)
