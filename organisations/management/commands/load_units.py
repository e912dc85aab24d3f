from typing import Any

from django.core.management.base import BaseCommand

from organisations.structure import load_units


class Command(BaseCommand):
    help = (
        "Load the units of the service: business groups, command units, a neighbourhood team per ward, "
        "the oversight body and each borough's partners (safe to run again)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_units()
        created = counts.pop("created")
        summary = ", ".join(f"{kind}: {n}" for kind, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Units loaded ({created} new). {summary}"))
