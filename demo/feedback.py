"""Demo "we asked, you said, we did" updates for the records the priorities demo made (fictional)."""

from datetime import timedelta
from typing import Any

from django.db import transaction

from feedback.models import FeedbackEntry, FeedbackRecord


@transaction.atomic
def load(stdout: Any) -> None:
    made = 0
    for record in FeedbackRecord.objects.filter(entries__isnull=True, did_published_at__isnull=False)[:500]:
        published = record.did_published_at.date() if record.did_published_at else None
        if published is None:
            continue
        FeedbackEntry.objects.bulk_create(
            [
                FeedbackEntry(
                    record=record,
                    kind="asked",
                    text=record.asked or "We asked what matters most.",
                    happened_on=published - timedelta(days=120),
                ),
                FeedbackEntry(
                    record=record,
                    kind="said",
                    text=record.said or "People told us.",
                    count=record.said_count,
                    happened_on=published - timedelta(days=100),
                ),
                FeedbackEntry(record=record, kind="did", text=record.did, happened_on=published),
            ]
        )
        made += 1
    stdout.write(f"feedback: dated updates for {made} demo records\n")
