"""Run the periodic jobs of settings.SCHEDULE until stopped (`make run` starts one; docs/scheduler.md)."""

import logging
import os
import signal
import socket
import threading
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections
from django.db.utils import DatabaseError

from core import scheduler

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the periodic jobs of settings.SCHEDULE, each in its own thread, never two copies of a job at once "
        "(a lease in the database), until SIGINT or SIGTERM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run the jobs due now, one by one, then exit")
        parser.add_argument(
            "--grace", type=float, default=8.0, help="Seconds to let running jobs finish when stopped (default 8)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.owner = f"{socket.gethostname()}:{os.getpid()}"[:100]
        self.stop = threading.Event()
        self.running: dict[str, threading.Thread] = {}
        jobs = scheduler.schedule()
        scheduler.sync(jobs)
        if options["once"]:
            # One pass in this thread, one job after another (for cron, and for tests).
            for name in scheduler.claim_due(self.owner, jobs):
                self.run_job(jobs[name], own_thread=False)
            return
        signal.signal(signal.SIGINT, self.request_stop)
        signal.signal(signal.SIGTERM, self.request_stop)
        self.stdout.write(f"Scheduler {self.owner}: {len(jobs)} jobs ({', '.join(jobs)})")
        while not self.stop.is_set():
            try:
                self.tick(jobs)
            except DatabaseError:
                # The database may be restarting: keep the process, try again at the next tick.
                logger.exception("scheduler tick failed")
            self.stop.wait(settings.SCHEDULER_TICK_SECONDS)
        self.shut_down(options["grace"])

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop.set()

    def tick(self, jobs: dict[str, scheduler.Job]) -> None:
        """Forget finished runs, renew the leases of running ones, start the jobs that are due."""
        close_old_connections()  # as a request would: drop a connection past CONN_MAX_AGE or broken
        self.running = {name: t for name, t in self.running.items() if t.is_alive()}
        scheduler.renew(self.owner, list(self.running))
        for name in scheduler.claim_due(self.owner, jobs):
            if name in self.running:  # cannot happen while our lease is renewed; never run a job twice
                continue
            thread = threading.Thread(target=self.run_job, args=(jobs[name],), name=f"job-{name}", daemon=True)
            self.running[name] = thread
            thread.start()

    def run_job(self, job: scheduler.Job, *, own_thread: bool = True) -> None:
        started = time.monotonic()
        try:
            ok, output = scheduler.run(job)
            if not scheduler.finish(job.name, self.owner, ok=ok, output=output):
                logger.warning("job %s finished after its lease was lost", job.name)
            self.stdout.write(f"{job.name}: {'ok' if ok else 'FAILED'} in {time.monotonic() - started:.1f}s")
            if not ok:
                logger.error("job %s failed:\n%s", job.name, output)
        finally:
            if own_thread:
                connections.close_all()  # this thread's connections only

    def shut_down(self, grace: float) -> None:
        """Let running jobs finish for `grace` seconds, then give their leases back as lost runs."""
        end = time.monotonic() + grace
        for thread in list(self.running.values()):
            thread.join(timeout=max(0.0, end - time.monotonic()))
        lost = scheduler.release(self.owner)
        self.stdout.write(f"Scheduler {self.owner} stopped" + (f"; {lost} run(s) cut short" if lost else ""))
