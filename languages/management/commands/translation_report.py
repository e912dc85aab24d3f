"""Missing, outdated and unreviewed translations per language: `manage.py translation_report [--details]`.

Two parts: the site's own words (the catalogues), then the texts staff write (priorities, "you said, we did",
consultations, ward team texts), counted over every record of each kind the domains register."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from languages import catalogues, choices, translating


class Command(BaseCommand):
    help = "Show, per language, how much of the public site is translated, what is out of date, and review status."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--details", action="store_true", help="List the missing and outdated English texts")
        parser.add_argument("--language", help="Only this language code, e.g. pl")
        parser.add_argument(
            "--no-content", action="store_true", help="Leave out the texts staff write (the catalogues only)"
        )
        parser.add_argument(
            "--check", action="store_true", help="Fail if a live language is unreviewed, incomplete or broken"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [lang.code for lang in choices.TRANSLATED]
        if options["language"]:
            if options["language"] not in codes:
                raise CommandError(f"--language: choose one of {', '.join(codes)}")
            codes = [options["language"]]
        failures = []
        header = f"{'code':<5} {'language':<11} {'done':>9} {'%':>4} {'missing':>8} {'outdated':>9}  reviewed  live"
        self.stdout.write(header)
        for code in codes:
            r = catalogues.report(code)
            reviewed = f"yes ({r.reviewer})" if r.reviewed else "no"
            self.stdout.write(
                f"{r.code:<5} {r.name:<11} {r.translated:>4}/{r.total:<4} {r.percent:>4} {len(r.missing):>8} "
                f"{len(r.outdated):>9}  {reviewed:<8}  {'yes' if r.live else 'no'}"
            )
            if options["details"]:
                for text in r.missing:
                    self.stdout.write(f"    missing: {text[:100]}")
                for text in r.outdated:
                    self.stdout.write(f"    outdated: {text[:100]}")
            broken = catalogues.problems(code)
            for problem in broken:
                self.stdout.write(self.style.ERROR(f"    {problem}"))
            if r.live and (not r.reviewed or r.missing or r.outdated or broken):
                failures.append(code)
        if not options["no_content"]:
            self.content_report(codes)
        if options["check"] and failures:
            raise CommandError(f"Live languages not ready: {', '.join(failures)}")

    def content_report(self, codes: list[str]) -> None:
        """Records of staff-written text per language: translated (up to date), missing, outdated, reviewed."""
        self.stdout.write("")
        self.stdout.write("Texts staff write (records; a record counts as translated when every text is up to date)")
        self.stdout.write(
            f"{'code':<5} {'language':<11} {'translated':>10} {'missing':>8} {'outdated':>9} {'reviewed':>9}"
        )
        try:
            report = translating.report()
        except DatabaseError:
            self.stdout.write(
                "    (no database to count: run `manage.py migrate` first, or `--no-content` for the catalogues only)"
            )
            return
        for counts in report:
            if counts.code in codes:
                self.stdout.write(
                    f"{counts.code:<5} {counts.name:<11} {counts.translated:>5}/{counts.records:<4} "
                    f"{counts.missing:>8} {counts.outdated:>9} {counts.reviewed:>9}"
                )
