"""Settings for the CAI plans application, read from the environment.

The defaults give a working local run (SQLite file, DEBUG on). Production sets
DEBUG=false and must then provide SECRET_KEY and ALLOWED_HOSTS, or the
application refuses to start.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_email(name):
    """Django's EMAIL_* settings from a URL: smtp://user:password@host:port (STARTTLS with
    ?tls=true), smtps://… (TLS from the first byte), console:// (mail printed on the terminal)."""
    url = urlsplit(os.environ[name])
    if url.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        # Name only the scheme: the URL may carry a password.
        raise ImproperlyConfigured(
            f"{name} must look like smtp://user:password@host:587?tls=true "
            f"(scheme {url.scheme or '?'!r})."
        )
    try:
        port = url.port or (465 if url.scheme == "smtps" else 25)
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
    query = dict(parse_qsl(url.query))
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": url.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(url.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(url.password or ""),
        "EMAIL_USE_SSL": url.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", "").lower() in _TRUE,
    }


def env_database(name, default):
    url = os.environ.get(name) or default
    max_age = env_int("DATABASE_CONN_MAX_AGE", 60)
    try:
        config = dj_database_url.parse(url, conn_max_age=max_age)
    except Exception:  # dj-database-url raises several types for a bad URL
        # Name only the scheme: the URL may carry a password.
        scheme = urlsplit(url).scheme or "?"
        raise ImproperlyConfigured(
            f"{name} is not a valid database URL (scheme {scheme!r})."
        ) from None
    # A persistent connection that died (database restart, failover) is replaced at the
    # start of the next request instead of failing it.
    config["CONN_HEALTH_CHECKS"] = True
    return config


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

INSTALLED_APPS = [
    # Django's admin, entered through the site's own login (throttled, with the code).
    "accounts.apps.CaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The footer's pages (contact, legal notice, accessibility statement): flat pages that
    # administrators edit, one per language (cai/migrations/0004 writes the first text).
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django_filters",
    "import_export",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "cai",
    "plans",
    "concertation",
    "partners",
    "post_office",
    "notifications",
    # After django_otp.plugins.otp_totp: accounts/admin.py takes its device list out of the admin.
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are served by the application processes themselves, compressed and with
    # hashed names (cached for a year), so no separate web server is needed behind the balancer.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: a session that ends says why on the login page.
    "accounts.middleware.SessionTimeoutMiddleware",
    # Who made a change, for the history of plans, actions, updates... (imports included).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cai.urls"
SITE_ID = 1
WSGI_APPLICATION = "cai.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_USER_MODEL = "cai.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# One login for the public site and the admin (accounts/): throttled, then the code if any.
LOGIN_URL = "accounts:login"

LANGUAGE_CODE = "fr-be"
# The default language must be listed under its own code, or the language switch cannot
# find its way back to the unprefixed French URLs.
LANGUAGES = [("fr-be", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# In development WhiteNoise serves the files where they are, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need `collectstatic` first: production only.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Production security: HTTPS only, secure cookies, strict transport security. A reverse proxy
# that terminates TLS must say so with SECURE_PROXY_SSL_HEADER=true (X-Forwarded-Proto).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer probes over plain HTTP
X_FRAME_OPTIONS = "DENY"
# Shared office computers: a session ends with the browser, after eight hours at most and
# after SESSION_IDLE_MINUTES without a request (accounts.middleware.SessionTimeoutMiddleware,
# which never touches the session of an anonymous visitor).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30) * 60

# Content Security Policy (django-csp): scripts and everything else only from this site, no
# inline script anywhere (the admin's data travels in data- attributes of its script tags).
# Inline styles stay allowed, for style only: the annual report's standalone HTML page
# carries its print stylesheet in a <style> element (opened in the browser, and stored byte
# for byte once frozen, so neither a nonce nor a hash can cover it), and the admin's change
# history page (django-simple-history) writes a style attribute.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes): AXES_FAILURE_LIMIT wrong passwords for one user name from
# one address lock that pair for AXES_COOLOFF_MINUTES; the same name from another address,
# or another name from the same office, can still log in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15)
if AXES_COOLOFF_MINUTES < 1:
    # No cool-off at all would mean a lock that only an administrator can lift.
    raise ImproperlyConfigured("AXES_COOLOFF_MINUTES must be at least 1.")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
# The lock lasts the cool-off from the lock, however often the locked person tries again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
# Behind the load balancer every request comes from the balancer's address: the visitor's is
# read from X-Forwarded-For, counting TRUSTED_PROXY_COUNT proxies from the right.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
# Locks end by themselves; `manage.py axes_reset_username <name>` lifts one sooner. The
# attempt logs stay out of the admin.
AXES_ENABLE_ADMIN = False

# Two-factor authentication (django-otp, TOTP): anyone may add an authenticator app; when
# REQUIRE_ADMIN_2FA is on (by default in production), administrators must.
REQUIRE_ADMIN_2FA = env_bool("REQUIRE_ADMIN_2FA", not DEBUG)
OTP_TOTP_ISSUER = "CAI Namur"

# Uploaded files (cai.uploads.validate_document) and spreadsheet imports, in bytes. Above
# FILE_UPLOAD_MAX_MEMORY_SIZE a file is written to a temporary file instead of memory;
# DATA_UPLOAD_MAX_MEMORY_SIZE bounds the rest of a request body (form fields).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# django-import-export: one transaction per import, so a failed row writes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Importing and exporting are granted separately, by the import_<model> and export_<model>
# permissions each exchanged model declares.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
# A file waits between the preview and the confirmation in the file storage (STORAGES), not
# in one server's /tmp: the confirmation may reach another application process.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT stays off: it only strips a leading "=". Exports go
# through cai.spreadsheets, which neutralises =, +, -, @, tab and carriage return.

# django-simple-history: the history is a record, not an undo button. Reverting would bring
# back an action's old version number and a frozen year's old figures behind the rules' back.
SIMPLE_HISTORY_REVERT_DISABLED = True

# E-mail. Production gives its SMTP server as EMAIL_URL (smtp://user:password@host:587?tls=true)
# or as EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS; a
# half-given configuration is refused by `check --deploy` (notifications.checks). With nothing
# given and DEBUG on (`make run`), mail is printed on the terminal that runs the server.
if os.environ.get("EMAIL_URL"):
    globals().update(env_email("EMAIL_URL"))
else:
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    if DEBUG and not EMAIL_HOST:
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# An SMTP server that hangs must not hold a partner's request for long: the mail waits in the
# outbox and the next `send_queued_mail` run retries it.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CAI Namur <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the site in links sent by e-mail (no request to read it from in a cron job).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# django-post-office: every notification is a row of its outbox (admin: Post Office → Emails),
# written in the same transaction as the change it tells about. A refused delivery is tried
# again every RETRY_INTERVAL by `manage.py send_queued_mail` (cron, every minute), for a day.
POST_OFFICE = {
    "MAX_RETRIES": 144,
    "RETRY_INTERVAL": datetime.timedelta(minutes=10),
    "LOG_LEVEL": 1,  # a log line for each failed attempt; the status says the rest
    "THREADS_PER_PROCESS": 2,
}
# Reminders (`manage.py send_reminders`): an action with no approved update for this many
# months is stale.
REMINDER_STALE_MONTHS = env_int("REMINDER_STALE_MONTHS", 6)
