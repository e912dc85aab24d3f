import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from places.loaders import DATA_DIR
from places.postcode_import import Progress, load_postcodes

SAMPLE = DATA_DIR / "postcodes" / "lewisham_postcode_oa11_lsoa11_msoa11_wd22.csv"


class Command(BaseCommand):
    help = (
        "Load postcodes from the ONS Postcode Directory (ONSPD), the NSPL, or an extract of either (such as the "
        "Lewisham extract, which is loaded when no path is given). Current and retired postcodes, with their ward "
        "and borough; London's only unless --all. Streams the file; loading it again changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default=str(SAMPLE))
        parser.add_argument("--all", action="store_true", help="Keep postcodes outside London too (no ward).")
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")

    def _progress(self, progress: Progress) -> None:
        self.stderr.write(
            f"{progress.read:,} rows read, {progress.loaded:,} postcodes loaded ({progress.rate:,.0f} rows a second)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        show = not options["quiet"] and sys.stderr.isatty()
        with path.open(newline="", encoding="utf-8-sig") as fh:
            try:
                counts = load_postcodes(
                    fh,
                    london_only=not options["all"],
                    batch_size=options["batch_size"],
                    on_progress=self._progress if show else None,
                )
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path} is not a UTF-8 CSV file.") from exc
            except (ValueError, csv.Error) as exc:
                raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {counts['loaded']} postcodes ({counts['terminated']} no longer in use); "
                f"skipped {counts['skipped_outside_london']} outside London's wards"
                f" and {counts['skipped_invalid']} that are not postcodes. "
                f"{counts['read']} rows read, {counts['per_second']} a second."
            )
        )
