"""Tasks a killed worker left "running" in the database queue (django-tasks-db), put right.

The database worker marks a task RUNNING when it takes it and SUCCESSFUL or FAILED when it ends; a worker killed
in between (SIGKILL, out of memory, the machine restarting) leaves the row RUNNING for ever. After
TASKS_STALE_AFTER_SECONDS such a row is put back in the queue, so another worker runs it again, unless
TASKS_MAX_ATTEMPTS workers have already died running it: then it is marked FAILED with `WorkerLost`, so a task
that kills its worker cannot do so for ever. Running a task again is safe because every task re-checks the
state of the rows it is given (e.g. an outbox row is claimed by a conditional UPDATE).

With RQ (TASK_BACKEND=rq) this does nothing: RQ moves the jobs of a dead worker to its failed registry itself.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class WorkerLost(Exception):  # noqa: N818 - the name says what happened, as it appears in the task's record
    """The worker running the task stopped before the task finished (recorded as the task's exception)."""


def database_backends() -> list[str]:
    return [name for name in settings.TASKS if isinstance(task_backends[name], DatabaseBackend)]


def recover_stale_tasks(*, older_than: float | None = None) -> dict[str, int]:
    """Put tasks left RUNNING by a dead worker back in the queue, or fail them after too many lost attempts."""
    backends = database_backends()
    if not backends:
        return {"requeued": 0, "failed": 0}
    seconds = settings.TASKS_STALE_AFTER_SECONDS if older_than is None else older_than
    now = timezone.now()
    stale = DBTaskResult.objects.filter(
        backend_name__in=backends, status=TaskResultStatus.RUNNING, started_at__lte=now - timedelta(seconds=seconds)
    )
    requeued = failed = 0
    for row in stale.only("pk", "started_at", "worker_ids"):
        # Conditional on the row as read: a worker that finishes it at this moment wins.
        current = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
        attempts = len(row.worker_ids or [])
        if attempts >= settings.TASKS_MAX_ATTEMPTS:
            failed += current.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=(
                    f"WorkerLost: the worker running this task stopped before it finished, {attempts} times "
                    f"(workers {', '.join(row.worker_ids)}); it is not run again."
                ),
            )
        else:
            requeued += current.update(status=TaskResultStatus.READY, started_at=None)
    return {"requeued": requeued, "failed": failed}
