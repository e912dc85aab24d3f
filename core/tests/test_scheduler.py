"""The clock's due and lease logic, with frozen time: each job runs on its schedule, by one scheduler at a time."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from core import scheduler
from core.models import ScheduledJob

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def jobs(settings):
    settings.SCHEDULER_LEASE_SECONDS = 120
    settings.SCHEDULE = {
        "minutely": {"command": "retry_outbox", "every": 60},
        "nightly": {"command": "recover_stale_tasks", "at": "03:00"},
    }
    return scheduler.schedule()


def _row(name: str) -> ScheduledJob:
    return ScheduledJob.objects.get(name=name)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"command": "no_such_command", "every": 60}, "not a management command"),
        ({"command": "retry_outbox"}, "either every"),
        ({"command": "retry_outbox", "every": 60, "at": "03:00"}, "either every"),
        ({"command": "retry_outbox", "every": -5}, "positive"),
        ({"command": "retry_outbox", "at": "25:00"}, "03:00"),
        ({"command": "retry_outbox", "every": 60, "args": "--x"}, "list of strings"),
    ],
)
def test_a_mistake_in_the_schedule_names_the_job(settings, spec, message):
    settings.SCHEDULE = {"broken": spec}
    with pytest.raises(ImproperlyConfigured, match=message) as err:
        scheduler.schedule()
    assert "broken" in str(err.value)


def test_the_projects_own_schedule_is_valid():
    names = {job.command for job in scheduler.schedule().values()}
    assert {
        "alerts_dispatch",
        "retry_outbox",
        "recover_stale_tasks",
        "flag_overdue_feedback",
        "flag_plan_actions",
        "lapse_prior_consultations",
        "record_standard_baselines",
        "calibrate_fatigue",
        "apply_retention",
    } <= names


def test_daily_jobs_run_at_their_london_time_across_the_clock_change(jobs):
    nightly = jobs["nightly"]
    # 03:00 in London is 03:00 UTC in winter and 02:00 UTC in summer (clocks go forward on 29 March 2026).
    assert nightly.next_after(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) == datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
    assert nightly.next_after(datetime(2026, 3, 29, 4, 0, tzinfo=UTC)) == datetime(2026, 3, 30, 2, 0, tzinfo=UTC)
    assert nightly.next_after(datetime(2026, 3, 3, 3, 0, tzinfo=UTC)) == datetime(2026, 3, 4, 3, 0, tzinfo=UTC)


def test_interval_jobs_are_due_at_once_and_daily_jobs_at_their_time(jobs):
    with time_machine.travel(T0, tick=False):
        scheduler.sync(jobs)
        assert _row("minutely").next_run_at == T0
        assert _row("nightly").next_run_at == datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
        assert scheduler.claim_due("a", jobs) == ["minutely"]
        assert _row("minutely").next_run_at == T0 + timedelta(seconds=60)


def test_a_due_job_is_claimed_by_one_scheduler_only(jobs):
    with time_machine.travel(T0, tick=False):
        scheduler.sync(jobs)
        assert scheduler.claim_due("a", jobs) == ["minutely"]
        assert scheduler.claim_due("b", jobs) == []
    # Due again a minute later, but "a" is still running it: nobody starts a second copy.
    with time_machine.travel(T0 + timedelta(seconds=61), tick=False):
        assert scheduler.renew("a", ["minutely"]) == 1
        assert scheduler.claim_due("b", jobs) == []
        assert scheduler.claim_due("a", jobs) == []
        assert scheduler.finish("minutely", "a", ok=True, output="done")
        assert scheduler.claim_due("b", jobs) == ["minutely"]
    row = _row("minutely")
    assert (row.lease_owner, row.runs, row.last_outcome) == ("b", 1, ScheduledJob.Outcome.RUNNING)


def test_a_run_whose_scheduler_died_is_lost_and_runs_again(jobs):
    with time_machine.travel(T0, tick=False):
        scheduler.sync(jobs)
        scheduler.claim_due("a", jobs)
    # "a" stops renewing; within the lease nobody else may run the job...
    with time_machine.travel(T0 + timedelta(seconds=119), tick=False):
        assert scheduler.claim_due("b", jobs) == []
    # ...after it, the run counts as lost and "b" takes the job over at once.
    with time_machine.travel(T0 + timedelta(seconds=121), tick=False):
        assert scheduler.claim_due("b", jobs) == ["minutely"]
    row = _row("minutely")
    assert (row.lease_owner, row.failures) == ("b", 1)
    # The dead scheduler's late report changes nothing.
    assert not scheduler.finish("minutely", "a", ok=True, output="late")
    assert _row("minutely").lease_owner == "b"


def test_outcome_and_output_are_recorded(jobs, settings):
    with time_machine.travel(T0, tick=False):
        scheduler.sync(jobs)
        scheduler.claim_due("a", jobs)
        ok, output = scheduler.run(jobs["minutely"])
        scheduler.finish("minutely", "a", ok=ok, output=output)
    row = _row("minutely")
    assert (row.last_outcome, row.runs, row.failures, row.lease_owner) == ("ok", 1, 0, "")
    assert "enqueued=0" in row.last_output
    assert row.last_finished_at == T0


def test_a_failing_job_is_recorded_as_failed(settings):
    settings.SCHEDULE = {"bad": {"command": "recover_stale_tasks", "every": 60, "args": ["--stale-after", "x"]}}
    jobs = scheduler.schedule()
    scheduler.sync(jobs)
    scheduler.claim_due("a", jobs)
    ok, output = scheduler.run(jobs["bad"])
    scheduler.finish("bad", "a", ok=ok, output=output)
    row = _row("bad")
    assert (row.last_outcome, row.failures) == ("failed", 1)
    assert "invalid float value" in row.last_output


def test_a_shorter_interval_brings_the_next_run_forward(settings, jobs):
    with time_machine.travel(T0, tick=False):
        scheduler.sync(jobs)
        ScheduledJob.objects.filter(name="minutely").update(next_run_at=T0 + timedelta(hours=5))
        settings.SCHEDULE = {"minutely": {"command": "retry_outbox", "every": 30}}
        scheduler.sync(scheduler.schedule())
        assert _row("minutely").next_run_at == T0 + timedelta(seconds=30)


def test_run_scheduler_once_runs_the_due_jobs_and_releases_them(jobs):
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "minutely: ok" in out.getvalue()
    row = _row("minutely")
    assert (row.last_outcome, row.lease_owner, row.runs) == ("ok", "", 1)
    assert _row("nightly").runs == 0


def test_a_stopping_scheduler_gives_back_its_leases_as_lost_runs(jobs):
    with time_machine.travel(T0, tick=False):
        scheduler.sync(jobs)
        scheduler.claim_due("a", jobs)
        assert scheduler.release("a") == 1
        row = _row("minutely")
        assert (row.lease_owner, row.last_outcome, row.next_run_at) == ("", "lost", T0)
        assert scheduler.claim_due("b", jobs) == ["minutely"]
