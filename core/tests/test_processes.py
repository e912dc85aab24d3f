"""Real processes: a database worker killed in the middle of a task, whose task then runs again; two schedulers
on one database that never run a job at the same time. Each test migrates its own database: a file SQLite
database, or a PostgreSQL database of its own when DATABASE_URL is PostgreSQL."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

PROJECT = Path(settings.BASE_DIR)


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _database_url(tmp_path: Path) -> tuple[str, Callable[[], None]]:
    """A fresh database for the processes, and how to drop it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'site.sqlite3'}", lambda: None
    name = f"test_eh_processes_{os.getpid()}"
    base = url.rsplit("/", 1)[0]

    def run(sql: str) -> None:
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}"')
    run(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}", lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    """manage.py against a fresh file database, with the database task queue."""

    def __init__(self, tmp_path: Path, settings_module: str = "engagehub.settings") -> None:
        self.tmp = tmp_path
        database_url, self.drop = _database_url(tmp_path)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "PYTHONPATH": f"{tmp_path}{os.pathsep}{PROJECT}",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-only",
            "DEBUG": "false",
            "TASK_BACKEND": "database",
        }
        self.procs: list[subprocess.Popen[bytes]] = []
        self.manage("migrate", "-v0")

    def manage(self, *args: str) -> str:
        out = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=PROJECT, env=self.env, capture_output=True, text=True, timeout=300
        )
        assert out.returncode == 0, out.stderr
        return out.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).strip()

    def start(self, *args: str, log: str) -> subprocess.Popen[bytes]:
        with (self.tmp / log).open("wb") as fh:
            argv = [sys.executable, "manage.py", *args]
            proc = subprocess.Popen(argv, cwd=PROJECT, env=self.env, stdout=fh, stderr=fh)  # noqa: S603
        self.procs.append(proc)
        return proc

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.drop()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    s = Site(tmp_path)
    yield s
    s.stop()


def _task_state(site: Site, task_id: str) -> dict:
    code = (
        "import json; from django_tasks_db.models import DBTaskResult as T; "
        f"t = T.objects.get(pk='{task_id}'); "
        "print(json.dumps({'status': t.status, 'workers': t.worker_ids, 'value': t.return_value}))"
    )
    return json.loads(site.shell(code).splitlines()[-1])


def test_task_of_a_killed_worker_runs_again_after_recovery(site: Site) -> None:
    marker = site.tmp / "runs.txt"
    task_id = site.shell(
        f"from core.tests.sample_tasks import note_and_wait; print(note_and_wait.enqueue('{marker}', 120).id)"
    ).splitlines()[-1]
    worker = site.start("db_worker", "--no-startup-delay", "--no-reload", "--worker-id", "w1", log="w1.log")
    assert wait_until(lambda: marker.exists() and marker.read_text() == "started\n", 60), "the task never started"
    os.kill(worker.pid, signal.SIGKILL)  # in the middle of the task
    worker.wait()
    assert _task_state(site, task_id)["status"] == "RUNNING"  # what the queue shows for ever without recovery

    assert "requeued=1" in site.manage("recover_stale_tasks", "--stale-after", "0")
    site.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w2")
    state = _task_state(site, task_id)
    assert state == {"status": "SUCCESSFUL", "workers": ["w1", "w2"], "value": 2}
    assert marker.read_text() == "started\nstarted\n"


SCHEDULER_SETTINGS = """
from engagehub.settings import *  # noqa: F403

_CODE = (
    "import os, time; from pathlib import Path; log = Path({log!r}); "
    "log.open('a').write(f'start {{os.getpid()}} {{time.time()}}\\\\n'); time.sleep(0.7); "
    "log.open('a').write(f'end {{os.getpid()}} {{time.time()}}\\\\n')"
)
SCHEDULE = {{"slow": {{"command": "shell", "args": ["-c", _CODE], "every": 0.1}}}}
SCHEDULER_TICK_SECONDS = 0.1
SCHEDULER_LEASE_SECONDS = 5
"""


def test_two_schedulers_never_run_a_job_at_the_same_time(tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    (tmp_path / "two_schedulers.py").write_text(SCHEDULER_SETTINGS.format(log=str(log)))
    site = Site(tmp_path, settings_module="two_schedulers")
    try:
        first = site.start("run_scheduler", log="s1.log")
        second = site.start("run_scheduler", log="s2.log")
        assert wait_until(lambda: log.exists() and log.read_text().count("end") >= 6, 90), (
            tmp_path / "s1.log"
        ).read_text() + (tmp_path / "s2.log").read_text()
    finally:
        site.stop()
    assert first.returncode == 0 and second.returncode == 0
    events = [line.split() for line in log.read_text().splitlines()]
    # Runs never overlap: every start follows the end of the run before it.
    kinds = [kind for kind, _, _ in events]
    assert kinds[: len(kinds) // 2 * 2] == ["start", "end"] * (len(kinds) // 2)
    stamps = [float(t) for _, _, t in events]
    assert stamps == sorted(stamps)
    print(f"runs by process: {sorted({pid for _, pid, _ in events})}")  # noqa: T201
