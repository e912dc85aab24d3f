"""Import published survey results from a CSV or XLSX file, as the import page does (see docs/insight.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import ServiceError
from insight.importer import import_results


class Command(BaseCommand):
    help = "Import Public Attitude Survey results (long layout: measure, area, period, proportion, base)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A .csv or .xlsx file")
        parser.add_argument("--source", required=True, help="The publication the figures come from")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; save nothing")
        parser.add_argument("--good-rows", action="store_true", help="Import the good rows even if some are rejected")
        parser.add_argument("--fictional", action="store_true", help="The figures are invented (pages will say so)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            report = import_results(
                by="load_confidence",
                name=path.name,
                content=path.read_bytes(),
                source_name=options["source"],
                fictional=options["fictional"],
                dry_run=options["dry_run"],
                good_rows=options["good_rows"],
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        for r in report.rejected:
            self.stderr.write(f"line {r.number}: {r.text}: {r.message}")
        if report.periods_added:
            self.stdout.write(f"new periods: {', '.join(report.periods_added)}")
        if report.dry_run:
            self.stdout.write(
                f"checked: {len(report.good)} rows can be imported, {len(report.rejected)} cannot; nothing saved"
            )
        elif report.saved:
            self.stdout.write(f"imported {report.saved} figures: {report.added} added, {report.updated} updated")
        if report.rejected and not report.dry_run and not report.saved:
            raise CommandError(
                f"nothing imported: {len(report.rejected)} rows rejected (use --good-rows to leave them out)"
            )
