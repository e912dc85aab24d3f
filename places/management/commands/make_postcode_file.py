from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from places import postcode_bench


class Command(BaseCommand):
    help = (
        "Write a made-up postcode directory file in the ONSPD's column layout, for benchmarking load_postcodes "
        "(2.7 million rows is the full directory's size). Never load it into a database people use."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default="/tmp/onspd_generated.csv")  # noqa: S108 - a scratch file
        parser.add_argument("--rows", type=int, default=2_700_000)
        parser.add_argument("--london-share", type=float, default=0.125, help="Share of rows in London (0 to 1).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rows"] < 0 or not 0 <= options["london_share"] <= 1:
            raise CommandError("--rows must be 0 or more and --london-share between 0 and 1.")
        path = Path(options["path"])
        postcode_bench.write_file(path, options["rows"], london_share=options["london_share"])
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['rows']:,} rows to {path}."))
