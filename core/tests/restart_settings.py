"""The product's settings for the server `test_database_restart.py` starts, with static files served as they are
(no `collectstatic` first: what is under test is the database, and collecting takes minutes)."""

from engagehub.settings import *  # noqa: F403
from engagehub.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
