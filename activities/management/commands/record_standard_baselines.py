"""Run once a quarter (or daily: a recorded quarter is never recomputed): record whether each borough met each
minimum standard at the end of the last complete quarter, kept as the history the board sees."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from activities import services


class Command(BaseCommand):
    help = "Record the quarterly minimum-standards baseline of every borough (once per quarter)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarters", type=int, default=1, help="How many past complete quarters (default 1)")

    def handle(self, *args: Any, **options: Any) -> None:
        made = services.record_standard_baselines(quarters=max(1, options["quarters"]))
        self.stdout.write(f"{made} baseline{'s' if made != 1 else ''} recorded")
