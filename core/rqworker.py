"""The RQ worker the project runs when TASK_BACKEND=rq (`RQ["WORKER_CLASS"]` in the settings, so the command stays
`manage.py rqworker default --job-class django_tasks_rq.Job`).

RQ runs each job in a process forked from the worker, so whatever Django builds on first use and the worker has
not built yet is built again by every job and thrown away with it. Resolving a URL the first time imports every
app's URL configuration and views, about a second of CPU: a batch of alert emails paid it once per batch. This
worker builds the URL resolver and imports every app's tasks module once, before it forks any job.
"""

from typing import Any

from django.urls import get_resolver
from django.utils.module_loading import autodiscover_modules
from rq import Worker


def prepare() -> None:
    """Do once in the worker what each job would otherwise do for itself."""
    autodiscover_modules("tasks")
    get_resolver().reverse_dict  # noqa: B018 - reading it imports the URL configurations and builds the lookup


class PreparedWorker(Worker):
    def work(self, *args: Any, **kwargs: Any) -> bool:
        prepare()
        return bool(super().work(*args, **kwargs))
