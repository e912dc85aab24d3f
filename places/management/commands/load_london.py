from typing import Any

from django.core.management.base import BaseCommand

from places import reference
from places.loaders import load_london


class Command(BaseCommand):
    help = "Load London's command units, boroughs, wards and Census 2021 figures from the shipped ONS/GLA data."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_london()
        reference.forget()  # wards and census figures are bulk-created, which sends no signal
        self.stdout.write(
            self.style.SUCCESS("Loaded " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
        )
