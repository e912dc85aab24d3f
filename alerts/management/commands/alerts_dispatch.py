"""Run every minute (the scheduler's `alerts_dispatch` job): recover stale claims, start scheduled messages,
send due rows, and retry the SMS outbox."""

from typing import Any

from django.core.management.base import BaseCommand

from alerts import delivery
from notifications.tasks import retry_sms


class Command(BaseCommand):
    help = "Recover stale claims, start due scheduled messages, enqueue due deliveries, retry the SMS outbox."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--stale-after", type=float, default=None, help="Seconds before a claim is stale")
        parser.add_argument(
            "--resend-unknown", action="store_true", help="Queue again every delivery whose outcome is unknown"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        out = delivery.recover_stale(older_than=opts["stale_after"])
        if opts["resend_unknown"]:
            out["resent"] = out.get("resent", 0) + delivery.resend_unknown()
        out.update(delivery.dispatch_due())
        out.update(retry_sms())
        self.stdout.write(" ".join(f"{k}={v}" for k, v in out.items()))
