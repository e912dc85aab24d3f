"""Run every minute (the scheduler's `retry_outbox` job): transactional email and texts are tried until they go."""

from typing import Any

from django.core.management.base import BaseCommand

from notifications.tasks import retry_emails, retry_sms


class Command(BaseCommand):
    help = "Settle emails and texts left sending by a stopped worker and enqueue every one whose next attempt is due."

    def handle(self, *args: Any, **options: Any) -> None:
        out = retry_emails()
        out.update(retry_sms())
        self.stdout.write(" ".join(f"{k}={v}" for k, v in out.items()))
