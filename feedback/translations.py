"""The texts of "we asked, you said, we did" records that staff may translate (kept on the row): a record's
title, asked, said and did, and each dated update on its public page."""

from typing import Any

from django.db.models import QuerySet

from core import registry
from feedback import permissions, services
from feedback.models import FeedbackEntry, FeedbackRecord


def texts(record: FeedbackRecord) -> list[registry.SourceText]:
    labels = [("title", "Title"), ("asked", "We asked"), ("said", "You said"), ("did", "We did")]
    return [registry.SourceText.of(record, name, label) for name, label in labels]


def entry_texts(entry: FeedbackEntry) -> list[registry.SourceText]:
    return [registry.SourceText.of(entry, "text", "Update")]


def translatable_records(user: object) -> QuerySet[FeedbackRecord]:
    return permissions.editable_records(user).order_by("-updated_at")


def translatable_entries(user: object) -> QuerySet[FeedbackEntry]:
    """The updates of the records the user may add to: whoever may add an update may translate it."""
    return FeedbackEntry.objects.filter(record__in=permissions.editable_records(user)).select_related("record")


def parts(record: FeedbackRecord) -> list[tuple[str, Any]]:
    """The record's updates, as its public page lists them."""
    return [("feedback-update", entry) for entry in record.entries.select_related("record")]


def describe_entry(entry: FeedbackEntry) -> str:
    text = entry.text if len(entry.text) <= 60 else entry.text[:59] + "…"
    return f"{entry.record.title}: {entry.get_kind_display()} ({entry.happened_on:%d/%m/%Y}): {text}"


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
            parts=parts,
        )
    )
    registry.translatable.add(
        registry.TranslatableKind(
            kind="feedback-update",
            label="You said, we did update",
            order=21,
            model=FeedbackEntry,
            editable=translatable_entries,
            texts=entry_texts,
            describe=describe_entry,
            back_url=lambda entry: entry.record.get_absolute_url(),
            changed=lambda entry: services.invalidate_pages(entry.record),
            everything=lambda: FeedbackEntry.objects.select_related("record"),
        )
    )
