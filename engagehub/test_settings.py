"""Test settings: the real settings with a fast hasher and tasks run at once."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from engagehub.settings import *  # noqa: E402,F403
from engagehub.settings import DATABASES, TASKS  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS: dict[str, dict] = {  # type: ignore[no-redef]
    **TASKS,
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Pages are made ahead of visitors only where a test asks (website/tests/test_prerender.py).
AREA_PAGES_PRERENDER = []
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STAFF_MFA_REQUIRED = True
DEMO_LOGINS_ENABLED = False
ACCOUNT_RATE_LIMITS = ACCOUNT_RATE_LIMITS  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Several test runs may share one PostgreSQL server: TEST_DATABASE_NAME keeps them apart.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DATABASES["default"]["CONN_MAX_AGE"] = 0
