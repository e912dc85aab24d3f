import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from places.loaders import DATA_DIR, load_postcodes

SAMPLE = DATA_DIR / "postcodes" / "lewisham_postcode_oa11_lsoa11_msoa11_wd22.csv"


class Command(BaseCommand):
    help = (
        "Load postcodes from an ONS postcode directory CSV (columns Postcode7, WD22CD_proposed, "
        "TerminationDate, LSOA11CD). Without a path, loads the Lewisham extract shipped with the product."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default=str(SAMPLE))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        with path.open(newline="", encoding="utf-8-sig") as fh:
            try:
                counts = load_postcodes(fh)
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path} is not a UTF-8 CSV file.") from exc
            except (ValueError, csv.Error) as exc:
                raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {counts['loaded']} postcodes ({counts['terminated']} no longer in use); "
                f"skipped {counts['skipped_outside_london']} outside London's wards"
                f" and {counts['skipped_invalid']} that are not postcodes."
            )
        )
