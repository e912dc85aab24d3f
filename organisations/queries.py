"""Reads about units and people that other apps and pages use."""

from django.db.models import QuerySet

from organisations.models import Post, Unit
from places.models import Borough, Ward


def neighbourhood_team_for(ward: Ward) -> Unit | None:
    return Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=ward, is_active=True).first()


def public_team_members(ward: Ward) -> list[Post]:
    """The team's people shown on the ward's public page."""
    return list(
        Post.objects.current()
        .filter(unit__ward=ward, unit__kind=Unit.Kind.NEIGHBOURHOOD_TEAM, listed_publicly=True)
        .select_related("user")
        .order_by("role", "user__display_name")
    )


def public_units_for_borough(borough: Borough) -> QuerySet[Unit]:
    """Police and partner units based in a borough (not its ward teams)."""
    return Unit.objects.filter(borough=borough, is_active=True).exclude(kind=Unit.Kind.NEIGHBOURHOOD_TEAM)
