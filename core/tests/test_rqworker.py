"""With TASK_BACKEND=rq the worker is the prepared one, and it builds, before it forks any job, what every job would
otherwise build for itself. Checked in a fresh interpreter, to see what is imported before and after."""

import os
import subprocess
import sys

from django.conf import settings

CHECK = """
import sys, django
django.setup()
from django_rq.workers import get_worker_class
from core import rqworker
watched = {"alerts.views.staff", "consultations.views"}
before = sorted(watched & set(sys.modules))
rqworker.prepare()
print(get_worker_class().__name__, before, sorted(watched & set(sys.modules)))
"""


def test_the_rq_worker_imports_the_url_configurations_and_the_tasks_before_it_forks() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "engagehub.settings", "SECRET_KEY": "x", "TASK_BACKEND": "rq"}
    out = subprocess.run(  # noqa: S603 - the test's own interpreter
        [sys.executable, "-c", CHECK], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "PreparedWorker [] ['alerts.views.staff', 'consultations.views']"
