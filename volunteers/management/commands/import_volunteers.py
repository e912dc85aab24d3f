"""Import volunteers from a CSV as a named coordinator, printing the row report."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import ServiceError
from volunteers.services.importer import import_volunteers


class Command(BaseCommand):
    help = "Import volunteers from a CSV (see docs/volunteers.md) as the coordinator with this email address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--as", dest="email", required=True, help="email address of a volunteer coordinator")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = get_user_model().objects.filter(email__iexact=opts["email"]).first()
        if user is None:
            raise CommandError("No account with that email address.")
        with open(opts["file"], "rb") as f:
            raw = f.read()
        try:
            report = import_volunteers(by=user, raw=raw)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        for row in report:
            if not row.ok:
                self.stdout.write(f"line {row.line}: {row.message}")
        added = sum(1 for r in report if r.ok)
        self.stdout.write(f"{added:,} volunteers added, {len(report) - added:,} rows skipped.")
