from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from places.models import Borough, Postcode


class Command(BaseCommand):
    help = "Load London and the sample postcodes if missing, then the demo data set (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-demo", action="store_true", help="Load places only, no demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Borough.objects.exists():
            call_command("load_london", stdout=self.stdout)
        if not Postcode.objects.exists():
            call_command("load_postcodes", stdout=self.stdout)
        if not options["no_demo"]:
            call_command("load_demo", stdout=self.stdout)
