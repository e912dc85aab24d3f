from typing import Any

from django.core.management.base import BaseCommand

from plans.reference import load_all


class Command(BaseCommand):
    help = "Load the real plans transcribed from the source documents (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        load_all(self.stdout)
