"""The texts of "we asked, you said, we did" records that staff may translate (kept on the row)."""

from django.db.models import QuerySet

from core import registry
from feedback import permissions, services
from feedback.models import FeedbackRecord


def texts(record: FeedbackRecord) -> list[registry.SourceText]:
    labels = [("title", "Title"), ("asked", "We asked"), ("said", "You said"), ("did", "We did")]
    return [registry.SourceText.of(record, name, label) for name, label in labels]


def translatable_records(user: object) -> QuerySet[FeedbackRecord]:
    return permissions.editable_records(user).order_by("-updated_at")


def register() -> None:
    registry.translatable.add(
        registry.TranslatableKind(
            kind="feedback",
            label="You said, we did record",
            order=20,
            model=FeedbackRecord,
            editable=translatable_records,
            texts=texts,
            describe=lambda record: record.title,
            back_url=lambda record: record.get_absolute_url(),
            changed=services.invalidate_pages,
        )
    )
