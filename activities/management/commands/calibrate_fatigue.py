"""Run daily: work out the fatigue thresholds from London's last year, so no request pays for it."""

from typing import Any

from django.core.management.base import BaseCommand

from activities import queries


class Command(BaseCommand):
    help = "Recalibrate the consultation-fatigue thresholds on London's last year (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        ward, community = queries.recalibrate()
        self.stdout.write(
            f"wards: medium {ward.medium_4w:.2f}/4w, high {ward.high_4w:.2f}/4w; "
            f"communities: medium {community.medium_4w:.2f}/4w, high {community.high_4w:.2f}/4w"
        )
