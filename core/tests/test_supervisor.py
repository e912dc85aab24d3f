"""bin/run's supervisor (core/supervisor.py) with fake children: a dying child is started again with backoff,
Ctrl+C or SIGTERM stops everything (a stubborn child is killed), and a killed supervisor leaves no child."""

import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from core.supervisor import Program, Supervisor, parse_program

PROJECT = Path(settings.BASE_DIR)


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def child(code: str) -> str:
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(code)}"


@pytest.fixture
def supervise(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []

    def start(*programs: str, extra: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
        args = [a for p in programs for a in ("--program", p)]
        with (tmp_path / "supervisor.log").open("ab") as log:
            proc = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "core.supervisor",
                    "--min-backoff",
                    "0.1",
                    "--max-backoff",
                    "0.4",
                    *extra,
                    *args,
                ],
                cwd=PROJECT,
                stdout=log,
                stderr=log,
            )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def pids_in(path: Path) -> list[int]:
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def test_a_dying_child_is_started_again_and_ctrl_c_stops_everything(supervise: Any, tmp_path: Path) -> None:
    starts = tmp_path / "starts.txt"
    steady = tmp_path / "steady.txt"
    dying = child(
        f"import os, sys, time; open({str(starts)!r}, 'a').write(f'{{os.getpid()}} '); time.sleep(0.1); sys.exit(3)"
    )
    calm = child(f"import os, time; open({str(steady)!r}, 'a').write(f'{{os.getpid()}} '); time.sleep(300)")
    sup = supervise(f"dying={dying}", f"steady={calm}")
    assert wait_until(lambda: len(pids_in(starts)) >= 4, 20), "the dying child was not started again"
    assert len(pids_in(steady)) == 1  # the healthy one is left alone
    sup.send_signal(signal.SIGINT)
    assert sup.wait(timeout=20) == 0
    assert not any(alive(pid) for pid in pids_in(starts) + pids_in(steady))
    log = (tmp_path / "supervisor.log").read_text()
    assert "dying exited with 3" in log and "SIGINT: stopping everything" in log


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(supervise: Any, tmp_path: Path) -> None:
    pid_file = tmp_path / "stubborn.txt"
    code = (
        "import os, signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(300)"
    )
    sup = supervise(f"stubborn={child(code)}", extra=("--grace", "1"))
    assert wait_until(pid_file.exists, 10)
    time.sleep(0.2)
    started = time.monotonic()
    sup.terminate()
    assert sup.wait(timeout=20) == 0
    assert time.monotonic() - started >= 1
    assert not alive(int(pid_file.read_text()))


def test_a_killed_supervisor_takes_its_children_with_it(supervise: Any, tmp_path: Path) -> None:
    pid_file = tmp_path / "child.txt"
    code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(300)"
    sup = supervise(f"child={child(code)}")
    assert wait_until(lambda: pid_file.exists() and pid_file.read_text() != "", 10)
    sup.kill()
    sup.wait()
    assert wait_until(lambda: not alive(int(pid_file.read_text())), 10)


class FakeProcess:
    def __init__(self, code: int | None) -> None:
        self.code = code
        self.pid = 2**22 + 1  # no such process: killpg finds nothing

    def poll(self) -> int | None:
        return self.code


def test_restart_backoff_doubles_and_starts_over_after_a_healthy_run() -> None:
    now = [0.0]
    sup = Supervisor([], min_backoff=1, max_backoff=8, healthy=30, clock=lambda: now[0])
    program = Program("worker", ["true"])
    delays = []
    for up_for in [0.5, 0.5, 0.5, 0.5, 0.5, 60]:
        program.proc = FakeProcess(1)  # type: ignore[assignment]
        program.started_at = now[0]
        now[0] += up_for
        sup.check(program)
        delays.append(program.restart_at - now[0])
    assert delays == [1, 2, 4, 8, 8, 1]


def test_program_arguments_are_name_equals_command() -> None:
    program = parse_program("worker-1=python manage.py db_worker --queue-name '*'")
    assert (program.name, program.argv) == ("worker-1", ["python", "manage.py", "db_worker", "--queue-name", "*"])
    with pytest.raises(Exception, match="NAME=COMMAND"):
        parse_program("no command")


def test_a_program_that_cannot_start_is_tried_again_later() -> None:
    now = [0.0]
    sup = Supervisor([], min_backoff=1, max_backoff=8, clock=lambda: now[0])
    program = Program("broken", ["/nonexistent/program"])
    sup.check(program)
    sup.check(program)  # not yet due
    assert (program.proc, program.failures, program.restart_at) == (None, 1, 1.0)
    now[0] = 1.0
    sup.check(program)
    assert (program.failures, program.restart_at) == (2, 3.0)
