"""Settings for `manage.py bench_ward_page`: the project's settings, with the minimal baseline view added to its
addresses (never served by the running service)."""

from engagehub.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.priorities.urls"
