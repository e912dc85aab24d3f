"""A task for the tests that kill a worker in the middle of it (core/tests/test_processes.py)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def note_and_wait(path: str, seconds: float) -> int:
    """Add a line to `path` for each time the task starts; only the first run waits (long enough to be killed)."""
    marker = Path(path)
    with marker.open("a") as fh:
        fh.write("started\n")
    runs = len(marker.read_text().splitlines())
    if runs == 1:
        time.sleep(seconds)
    return runs
