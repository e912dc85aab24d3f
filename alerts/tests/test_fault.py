"""A worker killed with SIGKILL in the middle of a fan-out, then restarted: everyone gets exactly one copy.

Runs real processes: a counting SMTP server, `manage.py db_worker` on a file SQLite database (or on a
separate PostgreSQL database when DATABASE_URL is PostgreSQL), `alerts_send`, `alerts_dispatch`.
"""

import json
import os
import signal
import time
from pathlib import Path

import pytest

from alerts.benchmarks import harness

pytestmark = pytest.mark.slow

N = 300


def _database_url(tmp_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = "test_eh_alerts_fault"
        base = url.rsplit("/", 1)[0]
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{base}/{name}"
    return f"sqlite:///{tmp_path / 'fault.sqlite3'}"


def _status(env: dict[str, str], message_id: int) -> dict:
    return json.loads(harness.manage(["alerts_status", str(message_id)], env).strip().splitlines()[-1])


def test_killed_worker_restarted_sends_exactly_one_copy_each(tmp_path):
    counter = harness.SmtpCounter()
    env = harness.worker_env(
        backend="database",
        smtp_port=counter.port,
        extra={
            "DATABASE_URL": _database_url(tmp_path),
            "ALERTS_BENCH_BATCH_SIZE": "40",
            "ALERTS_BENCH_EMAIL_PER_SECOND": "60",  # slow enough to kill mid-way
            "ALERTS_BENCH_CLAIM_TIMEOUT": "2",
        },
    )
    procs = []
    try:
        harness.manage(["migrate", "-v0"], env)
        prep = json.loads(
            harness.manage(["bench_alerts", "--subscribers", str(N), "--prepare-only"], env).splitlines()[-1]
        )
        message_id = prep["message_id"]
        worker = harness.start_worker("database", env, str(tmp_path), 1)
        procs.append(worker)
        harness.manage(["alerts_send", str(message_id)], env)
        assert harness.wait_until(lambda: counter.count() >= N // 3, 120)
        os.kill(worker.pid, signal.SIGKILL)  # in the middle of a batch
        worker.wait()
        killed_at = counter.count()
        assert killed_at < N, "the worker finished before it could be killed"
        time.sleep(2.5)  # its claims are now older than the claim timeout
        procs.append(harness.start_worker("database", env, str(tmp_path), 2))
        recovery = harness.manage(["alerts_dispatch"], env)  # what cron runs every minute
        print(f"killed after {killed_at} copies; recovery: {recovery.strip()}")  # noqa: T201
        assert harness.wait_until(
            lambda: (s := _status(env, message_id))["queued"] + s["sending"] == 0, 180, interval=1
        ), _status(env, message_id)
        # The provider's delivery reports (here: the SMTP server's log) settle rows whose outcome is unknown;
        # whatever is still unknown never reached the server and is sent again.
        events = tmp_path / "events.jsonl"
        events.write_text(counter.log.read_text())
        settled = harness.manage(["alerts_ingest_events", str(events)], env)
        resent = harness.manage(["alerts_dispatch", "--resend-unknown"], env)
        print(f"provider reports: {settled.strip()}; then: {resent.strip()}")  # noqa: T201
        assert harness.wait_until(lambda: _status(env, message_id)["status"] == "sent", 120, interval=1)
        time.sleep(1)
        addresses = [r["address"] for r in counter.records()]
        assert len(addresses) == N, f"{len(addresses)} copies for {N} subscribers"
        assert len(set(addresses)) == N
        final = _status(env, message_id)
        assert final["sent"] + final["delivered"] == N
        assert final["unknown"] == 0
    finally:
        harness.stop_processes(procs)
        counter.stop()
