from typing import Any

from django.core.management.base import BaseCommand

from core import registry


class Command(BaseCommand):
    help = "Load the fictional demo data set of every domain (safe to run again: nothing is duplicated)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--only", nargs="*", help="Run only these loaders (by key)")

    def handle(self, *args: Any, **options: Any) -> None:
        only = set(options.get("only") or [])
        for loader in registry.demo.ordered():
            if only and loader.key not in only:
                continue
            self.stdout.write(f"Demo data: {loader.key}…")
            loader.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
