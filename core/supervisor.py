"""Keep a few processes running (the web server, task workers, the scheduler) for `make run` (bin/run).

    python -m core.supervisor --program "web=gunicorn engagehub.wsgi" --program "worker-1=manage.py db_worker"

Each program runs in its own process group. One that exits (or crashes) is started again after a backoff that
doubles from --min-backoff up to --max-backoff and starts over once the program has stayed up --healthy
seconds. SIGINT (Ctrl+C) or SIGTERM stops them all: SIGTERM to each group, SIGKILL to whatever is left after
--grace seconds, and the supervisor exits only when every group is gone, so nothing is left behind. On Linux
the children are also told to stop if the supervisor itself is killed.

Only the standard library: it starts before (and without) Django.
"""

import argparse
import contextlib
import ctypes
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies (Linux), so a killed supervisor leaves nothing."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Program:
    name: str
    argv: list[str]
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restart_at: float = 0.0
    failures: int = 0
    starts: int = field(default=0)


def log(message: str) -> None:
    print(f"[supervisor] {message}", file=sys.stderr, flush=True)


class Supervisor:
    def __init__(
        self,
        programs: Sequence[Program],
        *,
        min_backoff: float = 1.0,
        max_backoff: float = 30.0,
        healthy: float = 30.0,
        grace: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.programs = list(programs)
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.healthy = healthy
        self.grace = grace
        self.clock = clock
        self.stopping = False

    def backoff(self, failures: int) -> float:
        """Seconds to wait before the next start after `failures` quick exits in a row."""
        return float(min(self.max_backoff, self.min_backoff * 2 ** max(0, failures - 1)))

    def start(self, program: Program) -> None:
        program.proc = subprocess.Popen(program.argv, start_new_session=True, preexec_fn=_die_with_parent)  # noqa: S603,PLW1509
        program.started_at = self.clock()
        program.starts += 1
        log(f"{program.name} started (pid {program.proc.pid})")

    def check(self, program: Program) -> None:
        """Start a program that is due to start; notice one that has exited and schedule its restart."""
        now = self.clock()
        if program.proc is None:
            if now >= program.restart_at:
                try:
                    self.start(program)
                except OSError as exc:  # e.g. the command does not exist: try again later, like an exit
                    program.failures += 1
                    delay = self.backoff(program.failures)
                    program.restart_at = now + delay
                    log(f"{program.name} could not start ({exc}); trying again in {delay:.1f}s")
            return
        code = program.proc.poll()
        if code is None:
            return
        self.reap_group(program)
        up_for = now - program.started_at
        program.failures = 1 if up_for >= self.healthy else program.failures + 1
        delay = self.backoff(program.failures)
        log(f"{program.name} exited with {code} after {up_for:.1f}s; starting it again in {delay:.1f}s")
        program.proc = None
        program.restart_at = now + delay

    def reap_group(self, program: Program) -> None:
        """A program's own children (e.g. gunicorn's workers) go with it."""
        if program.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(program.proc.pid, signal.SIGKILL)

    def request_stop(self, signum: int, frame: object) -> None:
        if not self.stopping:
            log(f"{signal.Signals(signum).name}: stopping everything")
        self.stopping = True

    def run(self, *, poll: float = 0.2) -> int:
        signal.signal(signal.SIGINT, self.request_stop)
        signal.signal(signal.SIGTERM, self.request_stop)
        while not self.stopping:
            for program in self.programs:
                self.check(program)
            time.sleep(poll)
        self.stop_all()
        return 0

    def stop_all(self) -> None:
        live = [p for p in self.programs if p.proc is not None and p.proc.poll() is None]
        for program in live:
            assert program.proc is not None  # noqa: S101
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(program.proc.pid, signal.SIGTERM)
        end = time.monotonic() + self.grace
        for program in live:
            assert program.proc is not None  # noqa: S101
            try:
                program.proc.wait(timeout=max(0.1, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{program.name} did not stop within {self.grace:.0f}s: killing it")
        for program in self.programs:
            self.reap_group(program)
            if program.proc is not None:
                program.proc.wait()
        log("stopped")


def parse_program(value: str) -> Program:
    name, sep, command = value.partition("=")
    if not sep or not name.strip() or not command.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=COMMAND, not {value!r}")
    return Program(name=name.strip(), argv=shlex.split(command))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--program", action="append", type=parse_program, required=True, help="NAME=COMMAND")
    parser.add_argument("--min-backoff", type=float, default=1.0)
    parser.add_argument("--max-backoff", type=float, default=30.0)
    parser.add_argument("--healthy", type=float, default=30.0, help="Seconds up after which a restart counts as new")
    parser.add_argument("--grace", type=float, default=10.0, help="Seconds to wait for a clean stop")
    args = parser.parse_args(argv)
    return Supervisor(
        args.program,
        min_backoff=args.min_backoff,
        max_backoff=args.max_backoff,
        healthy=args.healthy,
        grace=args.grace,
    ).run()


if __name__ == "__main__":
    sys.exit(main())
