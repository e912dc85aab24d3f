"""A neighbourhood team's own words on its ward's page (description, contact notes), and the job titles and
public descriptions of the people it lists there, that staff may translate."""

from typing import Any

from core import pagecache, registry
from organisations import permissions
from organisations.models import Post, Unit


def texts(unit: Unit) -> list[registry.SourceText]:
    return [
        registry.SourceText.of(unit, "description", "About the team"),
        registry.SourceText.of(unit, "contact_notes", "How to reach the team"),
    ]


def post_texts(post: Post) -> list[registry.SourceText]:
    return [
        registry.SourceText.of(post, "job_title", "Job title"),
        registry.SourceText.of(post, "public_bio", "About them (public description)"),
    ]


def parts(unit: Unit) -> list[tuple[str, Any]]:
    """The people the team lists on its ward's page."""
    posts = Post.objects.current().filter(unit=unit, listed_publicly=True).select_related("user", "unit")
    return [("team-member", post) for post in posts.order_by("role", "pk")]


def changed(unit: Unit) -> None:
    pagecache.invalidate(
        wards=[unit.ward_id] if unit.ward_id else [], boroughs=[unit.borough_id] if unit.borough_id else []
    )


def register() -> None:
    registry.translatable.add(
        registry.TranslatableKind(
            kind="team",
            label="Neighbourhood team",
            order=5,
            model=Unit,
            editable=permissions.translatable_teams,
            texts=texts,
            describe=lambda unit: unit.name,
            back_url=lambda unit: unit.get_absolute_url(),
            changed=changed,
            everything=lambda: Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward__isnull=False),
            parts=parts,
        )
    )
    registry.translatable.add(
        registry.TranslatableKind(
            kind="team-member",
            label="Team member",
            order=6,
            model=Post,
            editable=permissions.translatable_posts,
            texts=post_texts,
            describe=lambda post: f"{post.user} ({post.unit.name})",
            back_url=lambda post: post.unit.get_absolute_url(),
            changed=lambda post: changed(post.unit),
            everything=lambda: (
                Post.objects.current()
                .filter(listed_publicly=True, unit__kind=Unit.Kind.NEIGHBOURHOOD_TEAM, unit__ward__isnull=False)
                .select_related("user", "unit")
            ),
        )
    )
