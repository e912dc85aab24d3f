"""Tasks a killed worker left running in the database queue are put back in the queue, or failed after too many
lost attempts; running or finished tasks are left alone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from core.taskqueue import recover_stale_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_STALE_AFTER_SECONDS = 1800
    settings.TASKS_MAX_ATTEMPTS = 3


def _task(status: str, *, started_minutes_ago: float | None, workers: list[str]) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago) if started_minutes_ago is not None else None,
        args_kwargs={"args": ["runs.txt", 1], "kwargs": {}},
        task_path="core.tests.sample_tasks.note_and_wait",
        backend_name="default",
        run_after=get_date_max(),
        worker_ids=workers,
    )


def test_task_of_a_killed_worker_goes_back_in_the_queue():
    lost = _task(TaskResultStatus.RUNNING, started_minutes_ago=31, workers=["w1"])
    busy = _task(TaskResultStatus.RUNNING, started_minutes_ago=5, workers=["w2"])
    done = _task(TaskResultStatus.SUCCESSFUL, started_minutes_ago=60, workers=["w3"])
    assert recover_stale_tasks() == {"requeued": 1, "failed": 0}
    lost.refresh_from_db()
    assert (lost.status, lost.started_at) == (TaskResultStatus.READY, None)
    assert DBTaskResult.objects.ready().filter(pk=lost.pk).exists()
    busy.refresh_from_db()
    done.refresh_from_db()
    assert (busy.status, done.status) == (TaskResultStatus.RUNNING, TaskResultStatus.SUCCESSFUL)


def test_task_that_lost_its_worker_too_often_is_failed():
    row = _task(TaskResultStatus.RUNNING, started_minutes_ago=31, workers=["w1", "w2", "w3"])
    assert recover_stale_tasks() == {"requeued": 0, "failed": 1}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "core.taskqueue.WorkerLost"
    assert "3 times" in row.traceback
    assert row.task_result.errors[0].exception_class_path == "core.taskqueue.WorkerLost"


def test_nothing_to_do_without_a_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _task(TaskResultStatus.RUNNING, started_minutes_ago=31, workers=["w1"])
    assert recover_stale_tasks() == {"requeued": 0, "failed": 0}
