"""Rinde settings: one file, read from environment variables with demo-safe defaults.

Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, the e-mail
variables and RINDE_HTTPS=1 (see docs/deployment.md).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RINDE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sí"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_or_create_secret_key() -> str:
    """A demo keeps one random key in var/ so sessions survive restarts; production sets one."""
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key() + get_random_secret_key()
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or read_or_create_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The demo shows each demo account's current second-factor code on the verification page.
DEMO_MODE = env_bool("RINDE_DEMO", False)

INSTALLED_APPS = [
    "rinde.accounts.admin_config.RindeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # Before django_tasks_db: its `db_worker` command is Rinde's, with a heartbeat.
    "rinde.core",
    "django_tasks_db",
    "rinde.accounts",
    "rinde.entity",
    "rinde.exercises",
    "rinde.questions",
    "rinde.plan",
    "rinde.evaluation",
    "rinde.improvements",
    "rinde.consultations",
    "rinde.outreach",
    "rinde.subscriptions",
    "rinde.fieldwork",
    "rinde.transparency",
    "rinde.portal",
    "rinde.holders",
    "rinde.search",
    "rinde.hosting",
    "rinde.demo",
    "rinde.api",
    "rinde.operations",
]

MIDDLEWARE = [
    # Outermost: every response, refusals included, carries a request id, is timed for the
    # metrics and gets one access log line (core.request_log).
    "rinde.core.request_log.RequestLogMiddleware",
    # Then: a body too large for any upload is refused before anything reads it.
    "rinde.core.body_limit.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The request's entity, from its host or /e/<slug>/, active for everything after it;
    # static files above never need one (docs/tenancy.md).
    "rinde.entity.middleware.EntityMiddleware",
    "rinde.core.compression.CompressionMiddleware",  # outside ConditionalGet: docs/open-data.md
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rinde.urls"
WSGI_APPLICATION = "rinde.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rinde" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "rinde.entity.context_processors.entity",
                "rinde.accounts.context_processors.panel",
                "rinde.portal.context_processors.site",
            ],
            # Dates, times and numbers in es-CO in every template (docs/formatting.md).
            "builtins": ["rinde.core.templatetags.formatting"],
        },
    },
]

# Database: SQLite (WAL) by default, anything dj-database-url reads when DATABASE_URL is set.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'rinde.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open between requests like PostgreSQL's: reconnecting (and re-running the PRAGMAs
    # below) cost every database page about a sixth of its time (bench/plan.py).
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker write while pages are read; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # A connection kept from an earlier request is checked before this one uses it: after
    # PostgreSQL restarts, each process reconnects instead of failing its next request
    # (docs/deploy-guide.md, "Faults"). While it is down, requests answer 503
    # (core.unavailable).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # An unreachable server (not one that refuses) fails a request in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    if os.environ.get("DATABASE_POOLED") == "1":
        # Behind PgBouncer in transaction pooling, a named cursor opened by `.iterator()` on
        # one server connection is fetched on another, which does not know it
        # (InvalidCursorName, seen in docs/scaling.md's trial).
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, reusing its client (rinde/core/cache.py).
            "BACKEND": "rinde.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "rinde"),
            # A Redis that hangs costs a request one second, once: core.cache then serves
            # without it for a while (a stopped Redis refuses at once).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages are cached whole for this long (and by browsers for as long);
# publishing anything bumps core.public_cache's version, so changes show at once here.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "60"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # The user with their role in the request's entity, in one query (accounts.backends).
    "rinde.accounts.backends.MembershipBackend",
    # Sessions opened before memberships name this one: kept so they stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:panel"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# django-axes: five wrong passwords for one user from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy, how many X-Forwarded-For hops to trust (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# The one client-address function (audit log, rate limits), so axes counts per person and
# not per proxy: without it, behind nginx every attempt came from nginx's address.
AXES_CLIENT_IP_CALLABLE = "rinde.core.http.client_ip"
# Password spraying (few passwords, many addresses) passes the per-address lockout: above
# this many failed logins a minute across all addresses, a login from a browser that has
# not logged in to that account before waits LOGIN_SPRAY_DELAY seconds per account
# (rinde/accounts/throttle.py, docs/antispam.md).
LOGIN_SPRAY_THRESHOLD = int(os.environ.get("LOGIN_SPRAY_THRESHOLD", "30"))
LOGIN_SPRAY_DELAY = int(os.environ.get("LOGIN_SPRAY_DELAY", "30"))

OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "Rinde")

# Plain "es": Django's full Spanish catalogue (admin, forms, auth) in one merged lookup.
# "es-co" picked Django's partial es_CO catalogues first ("Grabar", "Escoja") and sent every
# miss — each of Rinde's Spanish msgids — down a chain of fallback catalogues
# (docs/i18n.md). Colombian dates and numbers come from rinde/formats/es (es_CO's).
LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "rinde" / "locale"]
FORMAT_MODULE_PATH = ["rinde.formats"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "rinde" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing one
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Serve uploaded files from Django itself: the demo and one-box installs without nginx.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("MEDIA_STORAGE_BACKEND", "rinde.core.storage.FileSystemStorage"),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Files only staff views hand out (drafts, imports, staff zips, evidence before
    # approval): outside MEDIA_ROOT and without a URL, so no public address serves them;
    # core.media.private_file_response hands them out after a permission check.
    "private": {
        "BACKEND": "rinde.core.files.PrivateStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}
# Size limits. MAX_REQUEST_BODY_BYTES: any request body declared larger is refused with 413
# before it is read (core.body_limit; nginx's client_max_body_size says the same). The
# largest upload is a 50 MB PDF (core.files.PDF_MAX_BYTES). Form fields are held in memory
# up to DATA_UPLOAD_MAX_MEMORY_SIZE; uploaded files above FILE_UPLOAD_MAX_MEMORY_SIZE are
# spooled to a temporary file.
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(60 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Behind nginx, staff views hand out private files with X-Accel-Redirect to this internal
# location (docs/deployment.md); empty: Django streams them itself.
PRIVATE_MEDIA_ACCEL_PREFIX = os.environ.get("PRIVATE_MEDIA_ACCEL_PREFIX", "")

# Django 6.1 mailers. EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend in production,
# with EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS.
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
# EMAIL_TIMEOUT: seconds any one step with the SMTP server may take, so a hung server never
# holds a worker for ever (the bulletin's deliveries are retried later, core.mail_retry).
# Lowercase here: with MAILERS, Django 6.1 refuses the old EMAIL_TIMEOUT setting itself.
email_timeout = int(os.environ.get("EMAIL_TIMEOUT", "20"))
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": email_timeout,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rinde <no-responder@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Operación", a) for a in env_list("ADMINS", "")]

# Security headers. RINDE_HTTPS=1 in production turns on everything that needs TLS.
HTTPS = env_bool("RINDE_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", HTTPS)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Logs: one JSON object per line (LOG_FORMAT=json, for production's log collector), or plain
# text for a person reading a console (the default: the demo, a developer). Both carry the
# request id (core.logs). The access line (logger `rinde.request`, INFO) is written in JSON
# mode only by default: in the demo, gunicorn's own access log already prints each request.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    LOG_FORMAT = "text"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "rinde.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "rinde.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "rinde.request": {
            "level": os.environ.get(
                "LOG_REQUESTS_LEVEL", "INFO" if LOG_FORMAT == "json" else "WARNING"
            )
        }
    },
}
# Observability (docs/deployment.md, "Observability"). /health/ready/ fails when no worker
# has beaten for WORKER_STALE_SECONDS or a task has waited to run for QUEUE_MAX_AGE_SECONDS.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "15"))
WORKER_STALE_SECONDS = int(os.environ.get("WORKER_STALE_SECONDS", "60"))
QUEUE_MAX_AGE_SECONDS = int(os.environ.get("QUEUE_MAX_AGE_SECONDS", "300"))
# /metrics answers these addresses (the client address as core.http.client_ip reads it), or
# a request with `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets a 404.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
CSRF_FAILURE_VIEW = "rinde.portal.errors.csrf_failure"

# Legal terms for citizens' questions, in business days, with their source. They are
# settings, not constants: a reform changes them here (legal.md, "Answer deadlines").
QUESTION_TERMS = {
    "general": (15, "Ley 1755 de 2015, art. 14: peticiones en general, 15 días hábiles"),
    "information": (10, "Ley 1755 de 2015, art. 14: documentos e información, 10 días hábiles"),
    "consultation": (30, "Ley 1755 de 2015, art. 14: consultas, 30 días hábiles"),
}
QUESTION_FORWARD_TERM = (
    5,
    "Ley 1755 de 2015, art. 21: remisión a la autoridad competente, 5 días hábiles",
)
QUESTION_EXTENSION_SOURCE = (
    "Ley 1755 de 2015, art. 14, parágrafo: prórroga hasta el doble del término inicial"
)
QUESTION_DUE_SOON_DAYS = 3
# Each app process keeps the published exercises, the work calendar and the office-hours
# cut-off it reads for every public question post this long (questions.intake.access_intake):
# a change made in another process reaches it at most this late.
QUESTION_INTAKE_SECONDS = 5
# A person asks a handful of questions; a burst from one address is a bot: (count, seconds).
# Everyone on a venue's Wi-Fi, or on a mobile network, may share one address: during a
# hearing, raise the count (QUESTION_RATE_LIMIT_COUNT) to about the number of people there.
QUESTION_RATE_LIMIT = (int(os.environ.get("QUESTION_RATE_LIMIT_COUNT", "10")), 60 * 10)
# The public address, for links in e-mails sent by background tasks and commands.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Forum: a comment reported this many times is hidden until a moderator reviews it.
FORUM_AUTO_HIDE_FLAGS = int(os.environ.get("FORUM_AUTO_HIDE_FLAGS", "3"))
# Plan spreadsheets with more data rows than this are validated and applied by a background
# task while the person watches the import's status page.
PLAN_IMPORT_BACKGROUND_ROWS = int(os.environ.get("PLAN_IMPORT_BACKGROUND_ROWS", "2000"))

# The read-only API (docs/api.md): anonymous requests per address and per period (seconds),
# and how long clients and proxies may keep an answer without asking again.
API_RATE_LIMIT = (int(os.environ.get("API_RATE_LIMIT_COUNT", "120")), 60)
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "60"))
