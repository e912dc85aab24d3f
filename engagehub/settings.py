"""Settings for Engagement Hub, read from the environment (see .env.example)."""

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_int, env_list, env_str
from languages.choices import TRANSLATED, django_languages
from places import tiles

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = BASE_DIR / ".local"

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Feed entry ids and calendar UIDs (core.identifiers): a domain the service owns and a year it owned it. Set them
# once, before feeds are first published, and never change them.
FEED_ID_AUTHORITY = env_str("FEED_ID_AUTHORITY", urlsplit(SITE_URL).hostname or "localhost")
FEED_ID_YEAR = env_int("FEED_ID_YEAR", 2026)

# Demo logins (listed in the README) only work while DEBUG is on, or when explicitly enabled.
DEMO_LOGINS_ENABLED = env_bool("DEMO_LOGINS_ENABLED", default=DEBUG)
# Staff must enrol a second factor (TOTP) before they reach the workspace.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", default=True)
# A staff session ends after this many minutes without a request (0: never).
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)

INSTALLED_APPS = [
    "engagehub.apps.AdminConfig",  # django.contrib.admin with the audited admin site (engagehub/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "csp",
    "ninja",  # its templates and static files: the API docs load Swagger UI from the site, as the CSP asks
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Engagement Hub domains, lowest first: places <- organisations <- domains <- website, workspace.
    "core",
    "notifications",  # outbound email and texts, below every domain
    "places",
    "accounts",
    "organisations",
    "activities",
    "groups",
    "equality",
    "priorities",
    "feedback",
    "consultations",
    "alerts",
    "plans",
    "insight",
    "tension",
    "policeuk",
    "practice",
    "languages",
    "volunteers",
    "funding",
    "website",
    "workspace",
    "demo",  # fictional demonstration data, above every domain it loads
    "benchmarks",  # every bench_* command and its helpers, above the domains they measure
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "languages.middleware.PublicLanguageMiddleware",  # a chosen or first-visit language leads to its /pl/... page
    "django.middleware.common.CommonMiddleware",
    "core.badinput.NulCharacterMiddleware",  # a NUL character in a request is a 400, never a database error
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.OneDoorMiddleware",  # second factor for staff, demo accounts, idle staff sessions
    "core.ratelimit.PublicRateLimitMiddleware",  # public writes per client and page: 429 past the limit
]

ROOT_URLCONF = "engagehub.urls"
WSGI_APPLICATION = "engagehub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "languages.context_processors.languages",
                "organisations.context_processors.staff",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{LOCAL_DIR / 'engagehub.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A kept connection is checked before each request reuses it, so a database restart costs only the
        # requests that were in flight (they get a 503: core.views.server_error), not every request after it.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    LOCAL_DIR.mkdir(exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every web process and machine: rate limits, page-cache versions and cached pages.
# Redis with REDIS_URL; otherwise a table in the database (created by `migrate`: core/0003).
REDIS_URL = env_str("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.DatabaseCache",
            "LOCATION": "eh_cache",
            # Culling old entries must not drop live rate-limit counts or page-cache versions.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 50_000)},
        }
    }
# A ward's or borough's public page keeps its content (the same for every visitor) in the cache until the area
# changes, so pages built for signed-in visitors or with a query string reuse it (website.views.area_page).
# Off only to measure pages built from nothing (`bench_ward_page`).
AREA_CONTENT_CACHE = env_bool("AREA_CONTENT_CACHE", default=True)
# The client address is read from X-Forwarded-For only when the request comes from one of these proxies
# (addresses or networks, e.g. 10.0.0.0/8); otherwise the connection's own address is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Writes (form posts, public API calls) one client may make to one page in a period, for anyone not staff.
PUBLIC_FORM_RATE_LIMIT = env_str("PUBLIC_FORM_RATE_LIMIT", "30/10m")

# Background work through the django_tasks API: the database queue by default
# (`manage.py db_worker`), RQ on Redis when TASK_BACKEND=rq.
TASK_BACKEND = env_str("TASK_BACKEND", "database")
if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    # A job's time limit: RQ's own default (180 s) stops an alert's fan-out to a few hundred thousand subscribers
    # halfway on a busy two-core server; a fan-out to 300,000 takes about ten minutes there.
    RQ_QUEUES = {
        "default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": env_int("RQ_JOB_TIMEOUT", 3600)}
    }
    RQ = {"WORKER_CLASS": "core.rqworker.PreparedWorker"}  # builds once what each forked job would build again
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "website:home"

# django-allauth: email is the login; the public may sign in with a one-time code.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # refuses demo accounts unless enabled
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Per client ("ip", the address worked out by core.ratelimit.client_ip) and per account at that client
# ("key": accounts.adapter.AccountAdapter makes the key account + client), so no one client can lock an
# account out for everyone else.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "30/15m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "accounts.adapter.MFAAdapter"  # encrypts second-factor secrets at rest
# Keys that encrypt second-factor secrets (comma-separated: the first encrypts, any decrypts, to rotate).
# Unset: derived from SECRET_KEY, acceptable only for a demonstration copy (docs/accounts.md).
MFA_ENCRYPTION_KEY = env_list("MFA_ENCRYPTION_KEY", [])
MFA_TOTP_ISSUER = "Engagement Hub"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The public site's languages (docs/languages.md): English plus London's most spoken main languages. Catalogues in
# locale/ (compiled by `make install`); LIVE_LANGUAGES lists those shown to the public, e.g. "pl,ar" once a
# professional translator has reviewed them (`manage.py translation_report`). A demonstration copy shows them all.
LANGUAGES = django_languages()
# The second holds only Django's own words in Gujarati (month and weekday names, form errors), which Django lacks
# (languages/django_gujarati/README.md); the project's catalogues come first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "languages" / "django_gujarati"]
LIVE_LANGUAGES = env_list("LIVE_LANGUAGES", [lang.code for lang in TRANSLATED] if DEBUG else [])
# The languages in which every ward's and borough's page is made ahead of its visitors, after each change and
# every few minutes (website.prerender, docs/website.md): each costs about 12 ms of a task worker's CPU per area
# and a page's size in the cache. English and each live language; English alone in a demonstration copy, which
# shows every translation. Empty: pages are made only for their visitors.
_PRERENDERED = [LANGUAGE_CODE] if DEBUG else [LANGUAGE_CODE, *(c for c in LIVE_LANGUAGES if c != LANGUAGE_CODE)]
AREA_PAGES_PRERENDER = env_list("AREA_PAGES_PRERENDER", _PRERENDERED)
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".local" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(LOCAL_DIR / "media")))
# Only these upload folders are public; everything else is served through views that check permission.
PUBLIC_MEDIA_PREFIXES = ("team-photos/",)
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email: SMTP with any provider (console in development if EMAIL_HOST is unset).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Engagement Hub <no-reply@engagehub.invalid>")

# Postcodes: the local table first; then, if set, a postcodes.io-compatible service.
POSTCODE_LOOKUP_URL = env_str("POSTCODE_LOOKUP_URL", "")
POSTCODE_LOOKUP_TIMEOUT = env_int("POSTCODE_LOOKUP_TIMEOUT", 3)

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None

# Optional raster tiles under the maps (docs/places.md): an XYZ template such as
# https://tiles.example/{z}/{x}/{y}.png, and the attribution its provider asks for, shown under each map.
# Empty (the default): the maps are drawn from the shipped boundaries alone and nothing is fetched.
MAP_TILES_URL = env_str("MAP_TILES_URL", "")
MAP_TILES_ATTRIBUTION = env_str("MAP_TILES_ATTRIBUTION", "")
if MAP_TILES_URL and not MAP_TILES_ATTRIBUTION:
    raise ImproperlyConfigured("Set MAP_TILES_ATTRIBUTION to the credit the tile provider asks for.")
try:
    _MAP_TILES_ORIGINS = [tiles.origin(MAP_TILES_URL)] if MAP_TILES_URL else []
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from exc

# Content-Security-Policy: self-hosted assets only, no inline script; images also from the tile server, if any.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_MAP_TILES_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

FORM_RENDERER = "core.forms.GovukFormRenderer"

# Personal data (docs/accounts.md): who is responsible, shown in the privacy notice, and how long each kind
# of record is kept (`manage.py apply_retention`, run daily, deletes or anonymises what is older).
DATA_CONTROLLER_NAME = env_str("DATA_CONTROLLER_NAME", "")
DATA_CONTROLLER_ADDRESS = env_str("DATA_CONTROLLER_ADDRESS", "")
DATA_PROTECTION_OFFICER_EMAIL = env_str("DATA_PROTECTION_OFFICER_EMAIL", "")
DATA_PROTECTION_OFFICER_ADDRESS = env_str("DATA_PROTECTION_OFFICER_ADDRESS", "")
ICO_REGISTRATION_NUMBER = env_str("ICO_REGISTRATION_NUMBER", "")
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 90)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 2190)
ISSUE_CONTACT_RETENTION_DAYS = env_int("ISSUE_CONTACT_RETENTION_DAYS", 730)
QUESTION_RETENTION_DAYS = env_int("QUESTION_RETENTION_DAYS", 730)
SUBSCRIBER_RETENTION_DAYS = env_int("SUBSCRIBER_RETENTION_DAYS", 365)
CONSULTATION_CONTACT_RETENTION_DAYS = env_int("CONSULTATION_CONTACT_RETENTION_DAYS", 730)
MEMBER_RETENTION_DAYS = env_int("MEMBER_RETENTION_DAYS", 730)
JOIN_REQUEST_RETENTION_DAYS = env_int("JOIN_REQUEST_RETENTION_DAYS", 365)
FEEDBACK_CONTACT_RETENTION_DAYS = env_int("FEEDBACK_CONTACT_RETENTION_DAYS", 365)
FEEDBACK_CONTACT_MAX_DAYS = env_int("FEEDBACK_CONTACT_MAX_DAYS", 730)

# Domain settings. Each app has its own default (see docs/<app>.md); set any of these in the environment to
# change it. Whole numbers unless listed as text.
_DOMAIN_INT_SETTINGS = [
    "EQUALITY_SUPPRESSION_THRESHOLD",
    "EQUALITY_MINIMUM_POPULATION",
    "FEEDBACK_TARGET_DAYS",
    "FEEDBACK_CONSULTATION_TARGET_DAYS",
    "ISSUE_RATE_LIMIT",
    "ISSUE_RATE_WINDOW",
    "PLANS_STALLED_DAYS",
    "CONSULTATION_UPLOAD_MAX_BYTES",
    "ALERTS_BATCH_SIZE",
    "ALERTS_ATTEMPT_WINDOW",
    "ALERTS_EMAIL_PER_SECOND",
    "ALERTS_SMS_PER_SECOND",
    "ALERTS_MAX_ATTEMPTS",
    "ALERTS_CLAIM_TIMEOUT_SECONDS",
    "ALERTS_UNKNOWN_CHECK_SECONDS",
    "ALERTS_CONFIRM_DAYS",
    "ALERTS_SMS_CODE_MINUTES",
    "ALERTS_SMS_HTTP_TIMEOUT",
]
_DOMAIN_TEXT_SETTINGS = [
    "ALERTS_UNKNOWN_POLICY",
    "ALERTS_MESSAGE_ID_DOMAIN",
    "ALERTS_SMS_GATEWAY",
    "ALERTS_SMS_FILE",
    "ALERTS_SMS_HTTP_URL",
    "ALERTS_SMS_HTTP_TOKEN",
    "ALERTS_SMS_HTTP_SENDER",
    "ALERTS_WEBHOOK_SECRET",
]
for _name in _DOMAIN_INT_SETTINGS:
    if os.environ.get(_name):
        globals()[_name] = env_int(_name, 0)
for _name in _DOMAIN_TEXT_SETTINGS:
    if os.environ.get(_name):
        globals()[_name] = env_str(_name)

# Days a neighbourhood team has to answer a prior consultation; silence after that counts as acknowledgement.
PRIOR_CONSULTATION_DAYS = env_int("PRIOR_CONSULTATION_DAYS", 10)

# Transactional email and the SMS outbox (notifications.outbox, docs/scheduler.md): a failed attempt is tried again
# after OUTBOX_RETRY_BASE_SECONDS, doubled each time up to OUTBOX_RETRY_MAX_SECONDS, at most OUTBOX_MAX_ATTEMPTS times
# in all (then "failed", shown to administrators with a resend button). A row still "sending" after
# OUTBOX_SENDING_TIMEOUT_SECONDS belongs to a worker that stopped: it is tried again ("unknown" if that was its
# last attempt).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 3600)
OUTBOX_SENDING_TIMEOUT_SECONDS = env_int("OUTBOX_SENDING_TIMEOUT_SECONDS", 600)

# The clock (docs/scheduler.md): `manage.py run_scheduler` (started by `make run`) runs each of these management
# commands on its schedule, never two copies of one job at once, even with several schedulers. "every": seconds
# between runs (the first run when the scheduler first starts); "at": a daily time, HH:MM in TIME_ZONE.
# The last run and outcome of each job are in the admin (Core › Scheduled jobs).
SCHEDULE: dict[str, dict[str, Any]] = {
    "alerts_dispatch": {"command": "alerts_dispatch", "every": 60},
    "retry_outbox": {"command": "retry_outbox", "every": 60},
    "recover_stale_tasks": {"command": "recover_stale_tasks", "every": 300},
    "prerender_area_pages": {"command": "prerender_area_pages", "every": 300},
    "lapse_prior_consultations": {"command": "lapse_prior_consultations", "every": 3600},
    "calibrate_fatigue": {"command": "calibrate_fatigue", "at": "02:00"},
    "record_standard_baselines": {"command": "record_standard_baselines", "at": "02:30"},
    "apply_retention": {"command": "apply_retention", "at": "03:00"},
    "flag_overdue_feedback": {"command": "flag_overdue_feedback", "at": "07:00"},
    "flag_plan_actions": {"command": "flag_plan_actions", "at": "07:15"},
    "remind_plan_reviews": {"command": "remind_plan_reviews", "at": "07:30"},
}
# How often the scheduler looks for due jobs, and how long its hold on a running job lasts without renewal
# (a scheduler that dies holds its jobs this long at most; the job then counts as lost and runs again).
SCHEDULER_TICK_SECONDS = env_int("SCHEDULER_TICK_SECONDS", 5)
SCHEDULER_LEASE_SECONDS = env_int("SCHEDULER_LEASE_SECONDS", 120)
# A database-queue task still "running" after TASKS_STALE_AFTER_SECONDS belongs to a worker that was killed: the
# `recover_stale_tasks` job puts it back in the queue, or marks it failed once TASKS_MAX_ATTEMPTS workers have
# died running it. Every task re-checks the state of what it is given, so running one again is safe.
TASKS_STALE_AFTER_SECONDS = env_int("TASKS_STALE_AFTER_SECONDS", 1800)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 3)
