"""Settings for `manage.py bench_ward_page`: the project's settings plus the minimal baseline view."""

from engagehub.settings import *  # noqa: F403

BENCH_MINIMAL_VIEW = True
