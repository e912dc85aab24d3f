"""Workers killed again and again at the points where a delivery's fate is in doubt, counted without an oracle.

Real processes: a counting SMTP server (what it received is the only truth used), two `db_worker`s on a file
SQLite database (or a separate PostgreSQL database when DATABASE_URL is PostgreSQL), and `alerts_dispatch` run
as the scheduler runs it. Each worker is started with a fault plan (alerts/faults.py) and SIGKILLs itself at the
planned point: before a window is sent, after the server accepted a message and before it is recorded, or inside
the commit that records it. A dead worker is replaced with the next plan, then with clean workers.

The bound checked (docs/alerts.md, "The guarantee"): at most one window (`ALERTS_ATTEMPT_WINDOW` rows) in doubt
per killed worker. Under "hold", nobody gets two copies and at most that many get none, each of them shown to
staff as `unknown`; once the provider's delivery reports are read and the rest resent, everyone has exactly one.
Under "resend" with no reports, nobody is missed and at most that many get two.
"""

import json
import os
import shutil
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from benchmarks.alerts import harness

pytestmark = pytest.mark.slow

N = 240
WINDOW = 8
PLANS = ["before_send=3", "after_accept=11", "during_record=4", "after_accept=5", "before_send=2", "during_record=2"]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One migrated database for the module; each test gets a copy (migrating takes most of a minute)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        url = _fresh_postgres(url, f"test_eh_alerts_fault_template_{os.getpid()}")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('fault') / 'template.sqlite3'}"
    harness.manage(["migrate", "-v0"], harness.worker_env(backend="database", smtp_port=0, extra={"DATABASE_URL": url}))
    return url


def _fresh_postgres(url: str, name: str, template: str | None = None) -> str:
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(base.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return f"{base}/{name}"


def _copy(template: str, tmp_path: Path, name: str) -> str:
    if template.startswith("postgres"):
        return _fresh_postgres(template, name, template=template.rsplit("/", 1)[1])
    copy = tmp_path / f"{name}.sqlite3"
    shutil.copyfile(template.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


def _status(env: dict[str, str], message_id: int) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(harness.manage(["alerts_status", str(message_id)], env).strip().splitlines()[-1])
    return out


class Crashing:
    """Two worker slots; a worker that dies is replaced by one with the next fault plan, then by clean ones."""

    def __init__(self, env: dict[str, str], log_dir: str) -> None:
        self.env, self.log_dir = env, log_dir
        self.plans = list(PLANS)
        self.kills = 0
        self.started = 0
        self.procs: list[Any] = []
        self.slots = [self._start(), self._start()]

    def _start(self) -> Any:
        plan = self.plans.pop(0) if self.plans else ""
        self.started += 1
        proc = harness.start_worker(
            "database", {**self.env, "ALERTS_BENCH_FAULT_POINTS": plan}, self.log_dir, self.started
        )
        self.procs.append(proc)
        return proc

    def replace_the_dead(self) -> None:
        for i, proc in enumerate(self.slots):
            if proc.poll() is not None:
                self.kills += proc.returncode == -signal.SIGKILL
                self.slots[i] = self._start()


DISPATCHER = """
import time
from django.core.management import call_command
while True:
    call_command("alerts_dispatch")
    time.sleep(0.5)
"""


def _open_rows(env: dict[str, str], message_id: int) -> int:
    """Rows still queued or being sent, read straight from the workers' database."""
    url = env["DATABASE_URL"]
    sql = "SELECT count(*) FROM alerts_delivery WHERE message_id = %s AND status IN ('queued', 'sending')"
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            row = conn.execute(sql, (message_id,)).fetchone()
    else:
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=60) as conn:
            row = conn.execute(sql.replace("%s", "?"), (message_id,)).fetchone()
    return int(row[0]) if row else 0


def _send_through_crashes(env: dict[str, str], tmp_path: Path) -> tuple[int, int, Crashing]:
    prep = json.loads(harness.manage(["bench_alerts", "--subscribers", str(N), "--prepare-only"], env).splitlines()[-1])
    message_id = prep["message_id"]
    workers = Crashing(env, str(tmp_path))
    # What the scheduler runs every minute (recovery, re-dispatch), here every half second.
    workers.procs.append(harness.start_manage(["shell", "-c", DISPATCHER], env, str(tmp_path), "dispatcher"))
    harness.manage(["alerts_send", str(message_id)], env)
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline:
        time.sleep(0.5)
        workers.replace_the_dead()
        if _open_rows(env, message_id) == 0 and _status(env, message_id)["status"] == "sent":
            break
    return message_id, workers.kills, workers


def _copies(counter: harness.SmtpCounter) -> Counter[str]:
    return Counter(r["address"] for r in counter.records())


def _env(template: str, tmp_path: Path, counter: harness.SmtpCounter, name: str, **extra: str) -> dict[str, str]:
    return harness.worker_env(
        backend="database",
        smtp_port=counter.port,
        extra={
            "DATABASE_URL": _copy(template, tmp_path, name),
            "ALERTS_BENCH_BATCH_SIZE": "40",
            "ALERTS_BENCH_ATTEMPT_WINDOW": str(WINDOW),
            "ALERTS_BENCH_EMAIL_PER_SECOND": "80",
            "ALERTS_BENCH_CLAIM_TIMEOUT": "6",
            **extra,
        },
    )


def test_under_hold_nobody_gets_two_and_the_missing_are_shown_then_settled(migrated, tmp_path):
    counter = harness.SmtpCounter()
    workers = None
    try:
        env = _env(migrated, tmp_path, counter, "test_eh_alerts_fault_hold")
        message_id, kills, workers = _send_through_crashes(env, tmp_path)
        copies = _copies(counter)
        status = _status(env, message_id)
        missing = N - len(copies)
        print(f"hold: {kills} kills; {missing} missing, 0 allowed twice; status {status}")  # noqa: T201
        assert kills >= 3, "the fault plans did not fire"
        assert status["queued"] + status["sending"] == 0, status
        assert max(copies.values()) == 1, "someone got two copies under the hold policy"
        assert missing <= kills * WINDOW
        assert status["unknown"] >= missing  # every one missed is shown to staff as unknown, with a resend action

        # The provider's delivery reports (here: the SMTP server's own log) settle the ones that did arrive;
        # the rest never did, and staff resend them.
        events = tmp_path / "events.jsonl"
        events.write_text(counter.log.read_text())
        harness.manage(["alerts_ingest_events", str(events)], env)
        harness.manage(["alerts_dispatch", "--resend-unknown"], env)
        assert harness.wait_until(lambda: _status(env, message_id)["status"] == "sent", 180, interval=1)
        time.sleep(1)
        copies = _copies(counter)
        assert len(copies) == N and max(copies.values()) == 1, (
            f"{len(copies)} people, most copies {max(copies.values())}"
        )
        assert _status(env, message_id)["unknown"] == 0
    finally:
        if workers is not None:
            harness.stop_processes(workers.procs)
        counter.stop()


def test_under_resend_nobody_is_missed_and_few_get_two(migrated, tmp_path):
    counter = harness.SmtpCounter()
    workers = None
    try:
        env = _env(
            migrated,
            tmp_path,
            counter,
            "test_eh_alerts_fault_resend",
            ALERTS_BENCH_UNKNOWN_POLICY="resend",
            ALERTS_BENCH_UNKNOWN_CHECK="0",  # no provider reports come: resend what is in doubt at once
        )
        message_id, kills, workers = _send_through_crashes(env, tmp_path)
        copies = _copies(counter)
        status = _status(env, message_id)
        twice = sum(n - 1 for n in copies.values())
        print(f"resend: {kills} kills; {twice} second copies, {N - len(copies)} missing; status {status}")  # noqa: T201
        assert kills >= 3, "the fault plans did not fire"
        assert len(copies) == N, "someone was missed under the resend policy"
        assert twice <= kills * WINDOW
        assert status["unknown"] == 0
    finally:
        if workers is not None:
            harness.stop_processes(workers.procs)
        counter.stop()
