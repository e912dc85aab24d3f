"""The ward priorities' texts that staff may translate (languages.content keeps them on the row)."""

from typing import Any

from django.urls import reverse

from core import pagecache, registry
from priorities import permissions
from priorities.models import Priority


def texts(priority: Priority) -> list[registry.SourceText]:
    return [
        registry.SourceText.of(priority, "issue", "The issue"),
        registry.SourceText.of(priority, "action", "What we will do"),
    ]


def describe(priority: Priority) -> str:
    issue = priority.issue if len(priority.issue) <= 60 else priority.issue[:59] + "…"
    return f"{priority.ward.name}: {issue}"


def changed(priority: Any) -> None:
    pagecache.invalidate(wards=[priority.ward_id], boroughs=[priority.ward.borough_id], london=True)


def register() -> None:
    registry.translatable.add(
        registry.TranslatableKind(
            kind="priority",
            label="Ward priority",
            order=10,
            model=Priority,
            editable=permissions.translatable_priorities,
            texts=texts,
            describe=describe,
            back_url=lambda p: reverse("priorities:manage_ward", args=[p.ward.code]),
            changed=changed,
            everything=lambda: Priority.objects.exclude(status=Priority.Status.NOT_CHOSEN).select_related("ward"),
        )
    )
