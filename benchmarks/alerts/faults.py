"""A fault trial: one message sent by workers that kill themselves again and again at the points where a delivery's
fate is in doubt, counted without an oracle. Run by the fault test (alerts/tests/test_fault.py) and by
`bench_alerts --faults N`, which prints its figures.

Real processes: a counting SMTP server (what it received is the only truth used), two `db_worker`s, and
`alerts_dispatch` run as the scheduler runs it (every half second here). Each worker is started with a fault plan
(alerts/faults.py) and SIGKILLs itself at the planned point: before a window is sent, after the server accepted a
message and before it is recorded, or inside the commit that records it. A dead worker is replaced with the next
plan, then with clean workers. The bound (docs/alerts.md, "The guarantee"): at most one window of `WINDOW` rows
in doubt per killed worker.
"""

import json
import signal
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.alerts import harness

WINDOW = 8
PLANS = ["before_send=3", "after_accept=11", "during_record=4", "after_accept=5", "before_send=2", "during_record=2"]
DISPATCHER = """
import time
from django.core.management import call_command
while True:
    call_command("alerts_dispatch")
    time.sleep(0.5)
"""


def fault_env(counter: harness.SmtpCounter, database_url: str, **extra: str) -> dict[str, str]:
    """Small batches and windows, a slow provider and a short claim timeout, so that crashes land inside sends."""
    return harness.worker_env(
        backend="database",
        smtp_port=counter.port,
        extra={
            "DATABASE_URL": database_url,
            "ALERTS_BENCH_BATCH_SIZE": "40",
            "ALERTS_BENCH_ATTEMPT_WINDOW": str(WINDOW),
            "ALERTS_BENCH_EMAIL_PER_SECOND": "80",
            "ALERTS_BENCH_CLAIM_TIMEOUT": "6",
            **extra,
        },
    )


def status(env: dict[str, str], message_id: int) -> dict[str, Any]:
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


def open_rows(env: dict[str, str], message_id: int) -> int:
    """Rows still queued or being sent, read straight from the workers' database."""
    url = env["DATABASE_URL"]
    sql = "SELECT count(*) FROM alerts_delivery WHERE message_id = %s AND status IN ('queued', 'sending')"
    if url.startswith("postgres"):
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            row = conn.execute(sql, (message_id,)).fetchone()
    else:
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=60) as conn:
            row = conn.execute(sql.replace("%s", "?"), (message_id,)).fetchone()
    return int(row[0]) if row else 0


def send_through_crashes(env: dict[str, str], log_dir: str, n: int) -> tuple[int, Crashing]:
    """Prepare `n` subscribers and a message, send it through crashing workers until every row is settled."""
    prepared = harness.manage(["bench_alerts", "--subscribers", str(n), "--prepare-only"], env).splitlines()[-1]
    message_id = int(json.loads(prepared)["message_id"])
    workers = Crashing(env, log_dir)
    workers.procs.append(harness.start_manage(["shell", "-c", DISPATCHER], env, log_dir, "dispatcher"))
    harness.manage(["alerts_send", str(message_id)], env)
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline:
        time.sleep(0.5)
        workers.replace_the_dead()
        if open_rows(env, message_id) == 0 and status(env, message_id)["status"] == "sent":
            break
    return message_id, workers


def copies(counter: harness.SmtpCounter) -> Counter[str]:
    return Counter(r["address"] for r in counter.records())


def settle_with_reports(env: dict[str, str], counter: harness.SmtpCounter, log_dir: str, message_id: int) -> bool:
    """The provider's delivery reports (here: the SMTP server's own log) settle the rows in doubt that did arrive;
    staff resend the rest. True once the message is sent again."""
    events = Path(log_dir) / "events.jsonl"
    events.write_text(counter.log.read_text())
    harness.manage(["alerts_ingest_events", str(events)], env)
    harness.manage(["alerts_dispatch", "--resend-unknown"], env)
    settled = harness.wait_until(lambda: status(env, message_id)["status"] == "sent", 180, interval=1)
    time.sleep(1)
    return settled


def trial(policy: str, database_url: str, log_dir: str, n: int) -> dict[str, Any]:
    """One trial under `policy` ("hold" or "resend", the latter with no provider reports): its figures."""
    extra = {"ALERTS_BENCH_UNKNOWN_POLICY": "resend", "ALERTS_BENCH_UNKNOWN_CHECK": "0"} if policy == "resend" else {}
    counter = harness.SmtpCounter()
    workers = None
    try:
        env = fault_env(counter, database_url, **extra)
        message_id, workers = send_through_crashes(env, log_dir, n)
        got = copies(counter)
        state = status(env, message_id)
        out: dict[str, Any] = {
            "policy": policy,
            "recipients": n,
            "kills": workers.kills,
            "bound": workers.kills * WINDOW,
            "missing": n - len(got),
            "twice": sum(k - 1 for k in got.values()),
            "open": state["queued"] + state["sending"],
            "unknown": state["unknown"],
        }
        if policy == "hold":
            out["settled"] = settle_with_reports(env, counter, log_dir, message_id)
            got = copies(counter)
            out["missing_after_reports"] = n - len(got)
            out["twice_after_reports"] = sum(k - 1 for k in got.values())
            out["unknown_after_reports"] = status(env, message_id)["unknown"]
        return out
    finally:
        if workers is not None:
            harness.stop_processes(workers.procs)
        counter.stop()
