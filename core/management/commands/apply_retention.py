import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core import audit, registry

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Delete or anonymise the records older than their retention period (the periods the privacy notice "
        "states, from the *_RETENTION_DAYS settings). Run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        failed = []
        for kind in registry.personal_records.ordered():
            if kind.expire is None:
                continue
            # Each kind in its own transaction: one that fails leaves the others done and is tried again next run.
            try:
                with transaction.atomic():
                    count = kind.expire(now)
                    if count:
                        audit.log("retention", "retention.applied", changes={"kind": kind.key, "records": count})
            except Exception:
                logger.exception("retention %s failed", kind.key)
                failed.append(kind.key)
                continue
            self.stdout.write(f"{kind.key}: {count}")
        if failed:
            raise CommandError(f"Retention failed for: {', '.join(failed)} (see the log).")
