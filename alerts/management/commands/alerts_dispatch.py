"""Run every minute (the scheduler's `alerts_dispatch` job): recover stale claims, start scheduled messages,
send due rows, and retry the SMS outbox."""

from typing import Any

from django.core.management.base import BaseCommand

from alerts import tasks


class Command(BaseCommand):
    help = "Recover stale claims, start due scheduled messages, enqueue due deliveries, retry the SMS outbox."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--stale-after", type=float, default=None, help="Seconds before a claim is stale")
        parser.add_argument(
            "--resend-unknown", action="store_true", help="Queue again every delivery whose outcome is unknown"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        out = tasks.dispatch(stale_after=opts["stale_after"], resend_unknown=opts["resend_unknown"])
        self.stdout.write(" ".join(f"{k}={v}" for k, v in out.items()))
