from typing import Any

from django.core.management.base import BaseCommand

from feedback.services import flag_overdue


class Command(BaseCommand):
    help = "Tell teams about feedback still owed past its target time (each record once). Safe to run daily."

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = flag_overdue()
        self.stdout.write(f"{flagged} overdue feedback record(s) flagged.")
