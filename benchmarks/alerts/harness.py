"""Processes for the benchmark and the fault test: a counting SMTP server, workers, memory sampling."""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

HERE = Path(__file__).resolve().parent
PROJECT = Path(settings.BASE_DIR)
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class SmtpCounter:
    """The counting SMTP server in its own process, started with cwd outside the project."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="alerts-smtp-")
        self.log = Path(self.dir) / "received.jsonl"
        self.log.touch()
        self.port = free_port()
        self.proc = subprocess.Popen(
            [PYTHON, str(HERE / "smtp_counter.py"), "--port", str(self.port), "--log", str(self.log)],
            cwd=self.dir,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None  # noqa: S101
        line = self.proc.stdout.readline()
        if "ready" not in line:
            raise RuntimeError("the SMTP counter did not start")

    def count(self) -> int:
        with self.log.open("rb") as fh:
            return sum(1 for _ in fh)

    def records(self) -> list[dict[str, Any]]:
        with self.log.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    def reset(self) -> None:
        self.log.write_text("")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def worker_env(*, backend: str, smtp_port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.alerts.bench_settings",
            "TASK_BACKEND": backend,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or str(settings.SECRET_KEY),
            "DEBUG": "false",
        }
    )
    env.update(extra or {})
    return env


def manage(args: list[str], env: dict[str, str], *, check: bool = True, timeout: float = 600) -> str:
    out = subprocess.run(  # noqa: S603
        [PYTHON, str(PROJECT / "manage.py"), *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and out.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def start_worker(kind: str, env: dict[str, str], log_dir: str, n: int) -> subprocess.Popen[bytes]:
    if kind == "database":
        args = ["db_worker", "--no-startup-delay", "--interval", "0.2", "--worker-id", f"bench-{os.getpid()}-{n}"]
    else:
        args = ["rqworker", "default", "--job-class", "django_tasks_rq.Job"]
    log = open(Path(log_dir) / f"worker-{kind}-{n}.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen([PYTHON, str(PROJECT / "manage.py"), *args], cwd=PROJECT, env=env, stdout=log, stderr=log)  # noqa: S603


def start_manage(args: list[str], env: dict[str, str], log_dir: str, name: str) -> subprocess.Popen[bytes]:
    """A long-running `manage.py` command in the background, its output in `log_dir`/`name`.log."""
    log = open(Path(log_dir) / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen([PYTHON, str(PROJECT / "manage.py"), *args], cwd=PROJECT, env=env, stdout=log, stderr=log)  # noqa: S603


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            kids = [int(x) for x in fh.read().split()]
    except OSError:
        return []
    out = []
    for k in kids:
        out.append(k)
        out.extend(_children(k))
    return out


def rss_kb(pid: int) -> int:
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


class RssSampler:
    """Peak RSS (sum over the worker processes and their children) sampled every 0.2 s."""

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self.pids = pids
        self.peak_kb = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(rss_kb(p) for p in self.pids()))
            time.sleep(0.2)

    def stop(self) -> int:
        self._stop.set()
        self.thread.join(timeout=2)
        return self.peak_kb


def stop_processes(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
