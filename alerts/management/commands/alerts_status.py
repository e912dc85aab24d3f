"""Delivery counts of a message as JSON."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from alerts import queries
from alerts.models import Message


class Command(BaseCommand):
    help = "Print a message's status and delivery counts as JSON."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("message_id", type=int)

    def handle(self, *args: Any, **opts: Any) -> None:
        m = Message.objects.get(pk=opts["message_id"])
        self.stdout.write(json.dumps({"status": m.status, **queries.delivery_counts(m)}))
