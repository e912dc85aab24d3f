"""Run hourly or daily (cron or a systemd timer): unanswered prior consultations past their deadline count as
acknowledged, and the ward's coordinator is told."""

from typing import Any

from django.core.management.base import BaseCommand

from activities import services


class Command(BaseCommand):
    help = "Mark prior consultations unanswered by their deadline as acknowledged and tell the coordinators."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.lapse_unanswered_consultations()
        self.stdout.write(f"{count} prior consultation{'s' if count != 1 else ''} lapsed")
