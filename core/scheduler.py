"""The clock: which periodic job is due, who runs it, and how it went (settings.SCHEDULE, docs/scheduler.md).

    jobs = scheduler.schedule()                  # name -> Job, checked against the management commands
    scheduler.sync(jobs)                         # a ScheduledJob row per job
    for name in scheduler.claim_due(owner, jobs):   # leases won by a conditional UPDATE
        ok, output = scheduler.run(jobs[name])
        scheduler.finish(name, owner, ok=ok, output=output)

A job is run by the scheduler that wins its lease, and by no other until that scheduler finishes it or the lease
runs out (SCHEDULER_LEASE_SECONDS without renewal: that scheduler died, the run counts as lost and the job is
due again at once). Every job is a management command that is safe to run again.
"""

import io
import traceback
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, get_commands
from django.db.models import F, Q
from django.utils import timezone

from core.models import ScheduledJob

Outcome = ScheduledJob.Outcome
OUTPUT_LIMIT = 4000


@dataclass(frozen=True)
class Job:
    """One entry of settings.SCHEDULE: a management command run every N seconds or daily at a time."""

    name: str
    command: str
    every: timedelta | None = None
    at: time | None = None
    args: tuple[str, ...] = field(default=())

    def next_after(self, moment: datetime) -> datetime:
        """The first run time strictly after `moment`."""
        if self.every is not None:
            return moment + self.every
        assert self.at is not None  # noqa: S101 - a Job has one of the two (see parse)
        zone = ZoneInfo(settings.TIME_ZONE)
        local = moment.astimezone(zone)
        candidate = datetime.combine(local.date(), self.at, tzinfo=zone)
        if candidate <= local:
            candidate = datetime.combine(local.date() + timedelta(days=1), self.at, tzinfo=zone)
        return candidate

    def first_run(self, now: datetime) -> datetime:
        """When a job new to the schedule first runs: at once for "every", at its next time for "at"."""
        return now if self.every is not None else self.next_after(now)


def parse(name: str, spec: dict[str, object]) -> Job:
    """A Job from one settings entry; ImproperlyConfigured names the entry and what is wrong with it."""
    command = spec.get("command")
    if not isinstance(command, str) or command not in get_commands():
        raise ImproperlyConfigured(f"SCHEDULE[{name!r}]: {command!r} is not a management command.")
    args = spec.get("args", ())
    if not isinstance(args, list | tuple) or not all(isinstance(a, str) for a in args):
        raise ImproperlyConfigured(f"SCHEDULE[{name!r}]: args must be a list of strings.")
    every, at = spec.get("every"), spec.get("at")
    if (every is None) == (at is None):
        raise ImproperlyConfigured(f"SCHEDULE[{name!r}]: give either every (seconds) or at (HH:MM).")
    if every is not None:
        if not isinstance(every, int | float) or every <= 0:
            raise ImproperlyConfigured(f"SCHEDULE[{name!r}]: every must be a positive number of seconds.")
        return Job(name, command, every=timedelta(seconds=float(every)), args=tuple(args))
    try:
        daily = time.fromisoformat(str(at))
    except ValueError as exc:
        raise ImproperlyConfigured(f"SCHEDULE[{name!r}]: at must be a time such as 03:00, not {at!r}.") from exc
    return Job(name, command, at=daily, args=tuple(args))


def schedule() -> dict[str, Job]:
    """Every job of settings.SCHEDULE, checked."""
    return {name: parse(name, spec) for name, spec in settings.SCHEDULE.items()}


def lease() -> timedelta:
    return timedelta(seconds=settings.SCHEDULER_LEASE_SECONDS)


def sync(jobs: dict[str, Job]) -> None:
    """Give every job its row; a job whose schedule now comes round sooner is brought forward."""
    now = timezone.now()
    for job in jobs.values():
        first = job.first_run(now)
        row, created = ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": first})
        soonest = job.next_after(now) if job.every is not None else first
        if not created and row.next_run_at > soonest:
            ScheduledJob.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(next_run_at=soonest)


def settle_lost() -> int:
    """Runs whose scheduler stopped renewing its lease are lost: count a failure and make the job due again."""
    now = timezone.now()
    return ScheduledJob.objects.filter(last_outcome=Outcome.RUNNING, lease_until__lt=now).update(
        last_outcome=Outcome.LOST,
        last_output="The scheduler running this job stopped before it finished; the job runs again.",
        failures=F("failures") + 1,
        lease_owner="",
        lease_until=None,
        next_run_at=now,
    )


def claim_due(owner: str, jobs: dict[str, Job]) -> list[str]:
    """Take the lease of every due job no one holds; returns the names this owner won."""
    settle_lost()
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    won = []
    due = ScheduledJob.objects.filter(free, name__in=list(jobs), next_run_at__lte=now).order_by("next_run_at")
    for row in due:
        job = jobs[row.name]
        # Conditional on the row as read: of two schedulers that saw the job due, only one updates it.
        taken = ScheduledJob.objects.filter(free, pk=row.pk, next_run_at=row.next_run_at).update(
            lease_owner=owner,
            lease_until=now + lease(),
            next_run_at=job.next_after(now),
            last_started_at=now,
            last_outcome=Outcome.RUNNING,
        )
        if taken:
            won.append(row.name)
    return won


def renew(owner: str, names: list[str]) -> int:
    """Extend this owner's leases on the jobs it is still running."""
    if not names:
        return 0
    return ScheduledJob.objects.filter(name__in=names, lease_owner=owner).update(lease_until=timezone.now() + lease())


def run(job: Job) -> tuple[bool, str]:
    """Run the job's command here; whether it succeeded, and what it printed (the end of it)."""
    out = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=out, stderr=out)
    except Exception:  # noqa: BLE001 - any failure of a job is its outcome, shown to staff
        out.write(traceback.format_exc())
        return False, out.getvalue()[-OUTPUT_LIMIT:]
    return True, out.getvalue()[-OUTPUT_LIMIT:]


def finish(name: str, owner: str, *, ok: bool, output: str) -> bool:
    """Record how a run went and give the lease back; False when this owner had lost the lease meanwhile."""
    return bool(
        ScheduledJob.objects.filter(name=name, lease_owner=owner).update(
            last_finished_at=timezone.now(),
            last_outcome=Outcome.OK if ok else Outcome.FAILED,
            last_output=output[-OUTPUT_LIMIT:],
            runs=F("runs") + 1,
            failures=F("failures") + (0 if ok else 1),
            lease_owner="",
            lease_until=None,
        )
    )


def release(owner: str) -> int:
    """Give back every lease of an owner that is stopping (its unfinished runs count as lost)."""
    return ScheduledJob.objects.filter(lease_owner=owner).update(
        lease_owner="",
        lease_until=None,
        last_outcome=Outcome.LOST,
        last_output="The scheduler was stopped before this run finished; the job runs again.",
        failures=F("failures") + 1,
        next_run_at=timezone.now(),
    )
