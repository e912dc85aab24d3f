"""The ward priorities' texts that staff may translate (languages.content keeps them on the row): a priority's
issue and action, what was done at each of its reviews, and the title of an online ward panel's vote."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from core import pagecache, registry
from priorities import permissions
from priorities.models import PanelRound, Priority, Review


def texts(priority: Priority) -> list[registry.SourceText]:
    return [
        registry.SourceText.of(priority, "issue", "The issue"),
        registry.SourceText.of(priority, "action", "What we will do"),
    ]


def review_texts(review: Review) -> list[registry.SourceText]:
    return [registry.SourceText.of(review, "done", "What was done")]


def translatable_reviews(user: Any) -> QuerySet[Review]:
    """The reviews of the priorities the user may translate: whoever manages the ward's priorities."""
    return Review.objects.filter(priority__in=permissions.translatable_priorities(user)).select_related(
        "priority__ward"
    )


def parts(priority: Priority) -> list[tuple[str, Any]]:
    """The priority's reviews, newest first as its public card lists them."""
    return [("priority-review", review) for review in priority.reviews.select_related("priority__ward")]


def describe_review(review: Review) -> str:
    return f"{describe(review.priority)} (reviewed {review.reviewed_on:%d/%m/%Y})"


def round_texts(panel_round: PanelRound) -> list[registry.SourceText]:
    return [registry.SourceText.of(panel_round, "title", "Title of the vote")]


def translatable_rounds(user: Any) -> QuerySet[PanelRound]:
    """The online panel votes in the wards where the user manages priorities (and so sets up votes)."""
    return (
        PanelRound.objects.filter(permissions.issue_scope(user).ward_q("ward"))
        .select_related("ward")
        .order_by("ward__name", "-opens_at")
    )


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
            parts=parts,
        )
    )
    registry.translatable.add(
        registry.TranslatableKind(
            kind="priority-review",
            label="Priority review",
            order=11,
            model=Review,
            editable=translatable_reviews,
            texts=review_texts,
            describe=describe_review,
            back_url=lambda r: reverse("priorities:manage_ward", args=[r.priority.ward.code]),
            changed=lambda r: changed(r.priority),
            everything=lambda: Review.objects.exclude(priority__status=Priority.Status.NOT_CHOSEN).select_related(
                "priority__ward"
            ),
        )
    )
    registry.translatable.add(
        registry.TranslatableKind(
            kind="panel-round",
            label="Online panel vote",
            order=12,
            model=PanelRound,
            editable=translatable_rounds,
            texts=round_texts,
            describe=lambda r: f"{r.ward.name}: {r.title}",
            back_url=lambda r: reverse("priorities:manage_ward", args=[r.ward.code]),
            everything=lambda: PanelRound.objects.select_related("ward"),
        )
    )
