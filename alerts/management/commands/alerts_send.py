"""Send a drafted message now, as the system (for operators and the benchmark)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from alerts.models import Message
from alerts.tasks import start_message


class Command(BaseCommand):
    help = "Start sending a draft or scheduled message now (no scope check: run by operators only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("message_id", type=int)

    def handle(self, *args: Any, **opts: Any) -> None:
        pk = opts["message_id"]
        with transaction.atomic():
            n = Message.objects.filter(pk=pk, status__in=Message.CHANGEABLE).update(
                status=Message.Status.SENDING, started_at=timezone.now()
            )
            if not n:
                raise CommandError(f"Message {pk} is not a draft or scheduled message.")
            transaction.on_commit(lambda: start_message.enqueue(pk))
        self.stdout.write(f"message {pk} sending")
