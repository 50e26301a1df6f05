"""Settings, all from environment variables with defaults that run the demo on a laptop.

No variable set: SQLite in ``var/``, Celery tasks run in-process, emails printed to the console.
Production sets ``DATABASE_URL``, ``REDIS_URL``, ``EMAIL_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``
and ``HTTPS=true`` (see the README's "Production" section).
"""

import sys
import warnings
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-demo-only-never-use-this-key-in-production-0123456789",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The panel's own address, for links in emails sent by background tasks.
PANEL_BASE_URL = env("PANEL_BASE_URL", default="http://127.0.0.1:8000")

# Behind TLS in production: redirect to HTTPS, HSTS, secure cookies, hashed static files.
HTTPS = env.bool("HTTPS", default=False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_countries",
    "phonenumber_field",
    "backoffice",
    "customers",
    "work",
    "kyc",
    "compliance",
    "screening",
]

MIDDLEWARE = [
    "backoffice.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "backoffice.middleware.SessionRenewalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "backoffice.access_stamp.RememberingOTPMiddleware",
    "backoffice.middleware.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "backoffice.middleware.RequestContextMiddleware",
    "backoffice.panel_settings.PanelSettingsMiddleware",
    "backoffice.middleware.AbsoluteSessionLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "backoffice.middleware.SecondFactorMiddleware",
    "backoffice.middleware.ConcreteUserMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backoffice.urls"
WSGI_APPLICATION = "backoffice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backoffice.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
DATABASE_URL = env("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions serialise writers instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests on a file too: an in-memory database shared with the browser tests' live server fails
    # concurrent writers at once ("database table is locked") instead of waiting for the lock.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The key that seals the audit log's hash chain (backoffice.audit_chain). It lives here, never in
# the database, so a database role cannot seal a forged entry. Keep it as long as the log; unset,
# it is derived from SECRET_KEY (check --deploy warns).
AUDIT_CHAIN_KEY = env("AUDIT_CHAIN_KEY", default="")

# --- Redis, cache and Celery ------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# With Redis, tasks go to workers. See DESIGN.md, "Background jobs that never lose or duplicate":
# late ack, prefetch 1, JSON only. Without it (the demo) there is no broker: tasks run in-process,
# in a thread of the process that queued them once its transaction commits, so a request answers
# at once and a job's page shows its progress as with workers (backoffice/in_process_tasks.py).
# TASKS_INLINE=true runs them inline in the caller instead (Celery's eager mode; the tests do).
# "localhost": kombu warns "No hostname was supplied" about a bare memory://.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("TASKS_INLINE", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task unacknowledged for this long (worker killed) is delivered again. The connection gives up
# quickly on a broker that refuses or does not answer: a request that queues a job then answers at
# once (backoffice.jobs.enqueue publishes once, without retries) and the job's sweep queues it
# later; workers keep reconnecting as before (CELERY_BROKER_CONNECTION_RETRY stays on).
BROKER_CONNECT_TIMEOUT = env.float("BROKER_CONNECT_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
    "socket_timeout": BROKER_CONNECT_TIMEOUT,
}
# No caller reads a task's result (jobs report through their own rows), so none is stored nor
# subscribed to: queueing a job never touches the result backend, whose reconnection retries
# (20, a second apart, by default) would otherwise hold a request ~20 s with Redis down. Should
# something still reach the result backend, it gives up as quickly as the broker does.
CELERY_TASK_IGNORE_RESULT = True
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
}
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "backoffice.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=1),
    },
    "expire-approval-requests": {
        "task": "backoffice.tasks.expire_approval_requests",
        "schedule": timedelta(minutes=5),
    },
    # Work items: snoozed ones come back, overdue ones past their grace are escalated once.
    "sweep-work": {
        "task": "work.tasks.sweep_work",
        "schedule": timedelta(minutes=5),
    },
    # Time-driven work (issue 19): identity documents about to expire, risk reviews coming due.
    "open-expiring-documents": {"task": "kyc.tasks.open_expiring_documents", "schedule": timedelta(hours=1)},
    "open-risk-reviews-due": {"task": "compliance.tasks.open_risk_reviews_due", "schedule": timedelta(hours=1)},
    "resume-rescreens": {"task": "screening.tasks.resume_rescreens", "schedule": timedelta(minutes=5)},
    "give-up-lost-loads": {"task": "screening.tasks.give_up_lost_loads", "schedule": timedelta(minutes=30)},
    # Four-eyes requests asked in the last minute, one email per checker (batched per minute).
    "notify-checkers": {
        "task": "backoffice.tasks.notify_checkers",
        "schedule": timedelta(minutes=1),
    },
}

# --- Email ----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Back office <no-reply@backoffice.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
    _smtp = {
        "host": _email.get("EMAIL_HOST"),
        "port": _email.get("EMAIL_PORT"),
        "username": _email.get("EMAIL_HOST_USER"),
        "password": _email.get("EMAIL_HOST_PASSWORD"),
        "use_tls": _email.get("EMAIL_USE_TLS", False),
        "use_ssl": _email.get("EMAIL_USE_SSL", False),
        "timeout": 30,
    }
    MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _smtp}}
elif env("EMAIL_HOST", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": env.int("EMAIL_PORT", default=587),
                "username": env("EMAIL_HOST_USER", default=""),
                "password": env("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Staff authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "backoffice.StaffUser"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "backoffice.auth_backends.StaffBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = int(timedelta(days=3).total_seconds())

# Five failures lock the account (not the IP) for 30 minutes; failing again while locked does
# not extend the lock, so the page can say exactly when to retry.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "backoffice.views.auth.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# axes.W006 recommends adding the IP address; DESIGN.md locks the account, not the IP, so an
# attacker rotating addresses cannot keep guessing one staff member's password.
# models.W040: an index's INCLUDE columns are PostgreSQL's (the work queues' covering indexes);
# SQLite, the development and demo database, builds the index without them.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
# Reverse proxies in front of the panel: the client address is read from X-Forwarded-For
# accordingly (backoffice.network), for the audit log and the lockout alike.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "backoffice.network.client_ip"

OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Back office")

# Sessions end after 14 to 15 idle minutes and 12 hours in all. A session in use is renewed at
# most once a minute (backoffice.middleware.SessionRenewalMiddleware), not saved on every read.
# Django's database sessions, read by one written query (backoffice/session_store.py).
SESSION_ENGINE = "backoffice.session_store"
SESSION_COOKIE_AGE = 15 * 60
SESSION_RENEW_EVERY = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_AGE = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REAUTHENTICATION_VALIDITY = timedelta(minutes=5)
# A four-eyes request nobody approved in this time expires (issue 18).
APPROVAL_REQUEST_TTL = timedelta(hours=env.int("APPROVAL_REQUEST_TTL_HOURS", default=72))
# Work items (DESIGN.md "Work items"): the holidays the team's working hours skip.
WORK_HOLIDAYS_COUNTRY = env("WORK_HOLIDAYS_COUNTRY", default="FR")

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page may use, for any origin (the Permissions-Policy header, every response).
PERMISSIONS_POLICY = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "web-share",
    "xr-spatial-tracking",
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
if not HTTPS:
    # Development and tests: serve straight from the app folders, no collectstatic needed.
    WHITENOISE_USE_FINDERS = True
    warnings.filterwarnings("ignore", message="No directory at")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if HTTPS
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Presentation ---------------------------------------------------------------------------
FORM_RENDERER = "backoffice.form_rendering.FormRenderer"  # a <select> without a template per option
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
FILTERS_EMPTY_CHOICE_LABEL = "Any"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
LIST_PAGE_SIZE = 50
# Lists count exactly up to this many rows; beyond it they show the planner's estimate.
LIST_EXACT_COUNT_LIMIT = 1000
# A page number typed by hand (?page=N) is read with OFFSET, whose cost grows with the rows it
# skips; a deeper one is refused with a sentence pointing at "Last page", "Go to" a date or
# letters, and the filters, which the index serves at the cost of page 1 (issue 17: no page
# costs more than 2x page 1). Measured on 1,000,000 customers (docs/performance.md, "every way
# into a long list"): OFFSET crosses 2x page 1 near page 330 newest first and by name, near 120
# with a filter no index serves (2% of the rows), and page 1 is getting faster. 20 pages skip at
# most 950 rows, fewer than the bounded count of page 1 reads anyway: 1.10x page 1 unfiltered,
# 1.16x and 1.24x with filters matching 2% and 0.2% of the rows. They are also the pages of a
# list counted exactly.
LIST_MAX_TYPED_PAGE = LIST_EXACT_COUNT_LIMIT // LIST_PAGE_SIZE
LIST_EXPORT_MAX_ROWS = env.int("LIST_EXPORT_MAX_ROWS", default=100_000)
# Uploaded KYC documents: a private folder, outside the static files and anything a web server
# serves; files are streamed to staff by a view that checks permission and audits.
KYC_DOCUMENTS_DIR = Path(env("KYC_DOCUMENTS_DIR", default=str(VAR_DIR / "kyc-documents")))
# A document's pages shown as images (kyc.document_pages): one render (a child process) is killed
# after this many seconds; rendered pages stay in the cache (never on disk) this long.
KYC_PAGE_RENDER_SECONDS = env.float("KYC_PAGE_RENDER_SECONDS", default=10.0)
KYC_PAGE_CACHE_SECONDS = env.int("KYC_PAGE_CACHE_SECONDS", default=3600)

# --- Live verification (T "KYC Liveness", kyc.liveness) -------------------------------------
# The demo and the tests get working defaults; production must set the secret it shares with the
# provider, else every webhook is refused (503) and no session can be started, with a logged error.
_LIVENESS_DEMO = DEBUG or "pytest" in sys.modules
LIVENESS_PROVIDER = env("LIVENESS_PROVIDER", default="sandbox")
# Standard Webhooks secrets are "whsec_<base64>"; this one is public (kyc.E002 refuses it).
LIVENESS_DEMO_SECRET = "whsec_ZGVtby1saXZlbmVzcy13ZWJob29rLXNlY3JldC1ub3QtZm9yLXByb2R1Y3Rpb24="  # noqa: S105
# Trimmed: a space or newline pasted around a secret would decode to another key ("whsec_…" is
# base64, which ignores nothing); a space inside one is refused by the deploy check.
LIVENESS_WEBHOOK_SECRET = env("LIVENESS_WEBHOOK_SECRET", default=LIVENESS_DEMO_SECRET if _LIVENESS_DEMO else "").strip()
# A webhook whose signed timestamp is further than this from now (either way) is refused: replays.
LIVENESS_WEBHOOK_TOLERANCE = env.int("LIVENESS_WEBHOOK_TOLERANCE", default=300)
# The sandbox provider's page (the customer's side), served by this project: never in production.
LIVENESS_SANDBOX_ENABLED = env.bool("LIVENESS_SANDBOX_ENABLED", default=_LIVENESS_DEMO)
LIVENESS_SANDBOX_BASE_URL = env("LIVENESS_SANDBOX_BASE_URL", default=PANEL_BASE_URL)
# Events whose processing was lost (a worker killed, Redis restarted) are queued again.
CELERY_BEAT_SCHEDULE["requeue-liveness-events"] = {
    "task": "kyc.tasks.requeue_unprocessed_liveness_events",
    "schedule": timedelta(minutes=5),
}
DEMO_PASSWORD = "backoffice-demo"  # noqa: S105 - the demo accounts' published password
# The demo's account histories: transactions per account, and the one long account kept for
# statements (the browser tests, which run the demo each time, make them short).
DEMO_TRANSACTIONS_PER_ACCOUNT = (150, 450)
DEMO_STATEMENT_TRANSACTIONS = env.int("DEMO_STATEMENT_TRANSACTIONS", default=100_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Events for other systems (compliance.services.outbox) ----------------------------------
# Treezor's user.update (freeze, legal freeze, state) and user.kycreview (KYC decisions) webhooks
# are POSTed to these URLs (comma-separated), signed the Standard Webhooks way with every secret
# of EVENT_WEBHOOK_SECRETS (comma-separated "whsec_<base64>"; two during a rotation).
EVENT_WEBHOOK_URLS = env.list("EVENT_WEBHOOK_URLS", default=[])
# "whsec_A, whsec_B": each secret trimmed (the space after the comma is no part of the second one).
EVENT_WEBHOOK_SECRETS = [secret.strip() for secret in env.list("EVENT_WEBHOOK_SECRETS", default=[]) if secret.strip()]
EVENT_WEBHOOK_TIMEOUT = env.int("EVENT_WEBHOOK_TIMEOUT", default=10)
CELERY_BEAT_SCHEDULE["deliver-due-events"] = {
    "task": "compliance.tasks.deliver_due_events",
    "schedule": timedelta(minutes=1),
}

# --- Statements (customers.services.statements) ---------------------------------------------
# Private: never under a folder a web server serves; handed out by an audited view only.
STATEMENTS_DIR = Path(env("STATEMENTS_DIR", default=str(VAR_DIR / "statements")))
# Watchlist files uploaded from the panel, kept while a worker loads them (screening).
WATCHLISTS_DIR = Path(env("WATCHLISTS_DIR", default=str(VAR_DIR / "watchlists")))
STATEMENT_EXPIRY = timedelta(hours=env.int("STATEMENT_EXPIRY_HOURS", default=24))
# A worker's claim on a job (statement, reset email) lasts this long after its last heartbeat
# (backoffice.jobs.Heartbeat beats six times a lease while the job runs); the sweeps, every
# JOB_SWEEP_SECONDS, hand a job whose lease ran out (its worker died) to another worker, so a dead
# worker's job moves on within about a lease and a sweep.
JOB_LEASE = timedelta(seconds=env.int("JOB_LEASE_SECONDS", default=90))
JOB_SWEEP = timedelta(seconds=env.int("JOB_SWEEP_SECONDS", default=30))
STATEMENT_LEASE = JOB_LEASE
CELERY_BEAT_SCHEDULE["requeue-statements"] = {
    "task": "customers.tasks.requeue_stuck_statements",
    "schedule": JOB_SWEEP,
}
# Bulk actions on lists (backoffice.services.bulk): a killed worker's job is taken over.
CELERY_BEAT_SCHEDULE["requeue-bulk-jobs"] = {
    "task": "backoffice.tasks.requeue_stuck_bulk_jobs",
    "schedule": JOB_SWEEP,
}
CELERY_BEAT_SCHEDULE["expire-statements"] = {
    "task": "customers.tasks.expire_statements",
    "schedule": timedelta(hours=1),
}
# Regulator dossiers (customers.services.dossiers): the same folder, lease and expiry as statements.
CELERY_BEAT_SCHEDULE["requeue-dossiers"] = {"task": "customers.tasks.requeue_stuck_dossiers", "schedule": JOB_SWEEP}
CELERY_BEAT_SCHEDULE["expire-dossiers"] = {"task": "customers.tasks.expire_dossiers", "schedule": timedelta(hours=1)}

# --- Customers' password-reset emails (customers.services.password_resets) --------------------
# The customer-facing page that reads the token and lets the customer choose a new password.
CUSTOMER_PASSWORD_RESET_URL = env("CUSTOMER_PASSWORD_RESET_URL", default="http://127.0.0.1:3000/reset-password")
# The client system (``manage.py issue_client_key <name>``) that may redeem the links' tokens.
CUSTOMER_INTERFACE_CLIENT = env("CUSTOMER_INTERFACE_CLIENT", default="customer-app")
CUSTOMER_PASSWORD_RESET_LINK = timedelta(minutes=env.int("CUSTOMER_PASSWORD_RESET_LINK_MINUTES", default=60))
CUSTOMER_PASSWORD_RESETS_PER_HOUR = env.int("CUSTOMER_PASSWORD_RESETS_PER_HOUR", default=3)
# SMTP failures are retried after 1, 2, 4, 8 and 16 times this delay, then the email is marked not sent.
CUSTOMER_PASSWORD_RESET_RETRY_SECONDS = env.int("CUSTOMER_PASSWORD_RESET_RETRY_SECONDS", default=60)
CUSTOMER_PASSWORD_RESET_RETRIES = 5
CELERY_BEAT_SCHEDULE["requeue-password-resets"] = {
    "task": "customers.tasks.requeue_password_resets",
    "schedule": JOB_SWEEP,
}

# Panel settings (issue 21): the initial values of the switches administrators change on
# /settings/ (their choice, once made, is kept in the database and wins). SCA devices on a tab of
# their own ("own-tab") or on the Profile tab ("profile-tab"); "Send forgot password" and
# verification level 5 "offered" or "not-offered".
PANEL_SCA_DEVICES = env("PANEL_SCA_DEVICES", default="own-tab")
PANEL_PASSWORD_RESET = env("PANEL_PASSWORD_RESET", default="offered")
PANEL_VERIFICATION_LEVEL_5 = env("PANEL_VERIFICATION_LEVEL_5", default="offered")
