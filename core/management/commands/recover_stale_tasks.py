"""Run every few minutes (the scheduler's `recover_stale_tasks` job): tasks of killed workers run again."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.taskqueue import recover_stale_tasks


class Command(BaseCommand):
    help = (
        "Put database-queue tasks left running by a killed worker (older than TASKS_STALE_AFTER_SECONDS) back "
        "in the queue, or mark them failed once TASKS_MAX_ATTEMPTS workers have died running them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stale-after", type=float, default=None, help="Seconds before a running task is stale")

    def handle(self, *args: Any, **options: Any) -> None:
        out = recover_stale_tasks(older_than=options["stale_after"])
        self.stdout.write(" ".join(f"{k}={v}" for k, v in out.items()))
