"""A web worker freezes what it made at start: the garbage collector's full passes no longer visit the modules,
models and address patterns every worker holds for its whole life."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROJECT = Path(settings.BASE_DIR)


def test_the_wsgi_application_freezes_its_start_up_objects() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "engagehub.settings", "SECRET_KEY": "startup-test"}
    code = (
        "import gc, engagehub.wsgi\n"
        "from django.urls import get_resolver\n"
        "print(gc.get_freeze_count(), len(get_resolver().url_patterns) > 0)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-W", "ignore", "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, patterns = result.stdout.split()
    assert int(frozen) > 50_000  # modules, models, forms and patterns: most of what a worker holds
    assert patterns == "True"
