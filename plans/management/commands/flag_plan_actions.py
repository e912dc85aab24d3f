from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plans.services import flag_actions, stalled_days


class Command(BaseCommand):
    help = (
        "Tell the leads of overdue actions and of actions with no progress update in PLANS_STALLED_DAYS days. "
        "Each action is flagged once until its next progress update, so this is safe to run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="Pretend today is YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = flag_actions(today=options["today"])
        self.stdout.write(
            f"Flagged {counts['overdue']} overdue and {counts['stalled']} stalled actions "
            f"(stalled after {stalled_days()} days); {counts['notices']} notices, {counts['emails']} emails."
        )
