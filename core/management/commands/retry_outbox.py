"""Run every minute (the scheduler's `retry_outbox` job): transactional email is tried until it goes."""

from typing import Any

from django.core.management.base import BaseCommand

from core.tasks import retry_emails


class Command(BaseCommand):
    help = "Settle emails left sending by a stopped worker and enqueue every email whose next attempt is due."

    def handle(self, *args: Any, **options: Any) -> None:
        out = retry_emails()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in out.items()))
