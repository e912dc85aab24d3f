"""Ingest provider notifications from a JSON-lines file (bounces, complaints, deliveries, opens)."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from alerts import services
from core.errors import ServiceError


class Command(BaseCommand):
    help = 'Read lines like {"event": "bounce", "address": "a@b.c"} or {"event": "delivered", "message_id": "<…>"}.'

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **opts: Any) -> None:
        counts: dict[str, int] = {}
        with open(opts["path"], encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                e = json.loads(line)
                try:
                    outcome = services.record_event(
                        event=str(e.get("event", "")),
                        address=str(e.get("address", "")),
                        message_id=str(e.get("message_id", "")),
                        detail=str(e.get("detail", "")),
                    )
                except ServiceError as exc:
                    outcome = f"error: {exc.message}"
                counts[outcome] = counts.get(outcome, 0) + 1
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))
