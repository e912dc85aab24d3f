"""Reads about units and people that other apps and pages use."""

from typing import Any

from django.db.models import QuerySet

from organisations.models import Post, SeniorOfficer, Unit
from organisations.scope import ROLE_CAPABILITIES, Capability, current_posts
from places import reference
from places.models import Borough, Ward


def neighbourhood_team_for(ward: Ward) -> Unit | None:
    return Unit.objects.filter(kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward=ward, is_active=True).first()


def neighbourhood_team_contact(ward: Ward) -> dict[str, str] | None:
    """How the public reach a ward's team (the places API's ward), or None when it has none."""
    team = neighbourhood_team_for(ward)
    if team is None:
        return None
    return {
        "name": team.name,
        "description": team.description,
        "email": team.email,
        "phone": team.phone,
        "contact_notes": team.contact_notes,
    }


def public_team_members(ward: Ward) -> list[Post]:
    """The team's people shown on the ward's public page."""
    return list(
        Post.objects.current()
        .filter(unit__ward=ward, unit__kind=Unit.Kind.NEIGHBOURHOOD_TEAM, listed_publicly=True)
        .select_related("user")
        .order_by("role", "user__display_name")
    )


def workspace_staff_in(units: Any) -> list[Any]:
    """The active people holding a current post, whose role opens the staff workspace, in these active units
    (e.g. the leads of a plan's action), each once."""
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.WORKSPACE in caps]
    posts = Post.objects.current().filter(unit__in=units, role__in=roles, user__is_active=True, unit__is_active=True)
    users: dict[int, Any] = {}
    for post in posts.select_related("user"):
        users[post.user_id] = post.user
    return list(users.values())


def active_members_of(unit: Unit) -> list[Any]:
    """The active people holding a current post in a unit (a team told about what concerns it)."""
    return [p.user for p in Post.objects.current().filter(unit=unit, user__is_active=True).select_related("user")]


def people_with_roles(roles: Any) -> list[Any]:
    """The active people holding a current post with one of these roles in an active unit, each once."""
    posts = Post.objects.current().filter(role__in=roles, user__is_active=True, unit__is_active=True)
    users: dict[int, Any] = {}
    for post in posts.select_related("user"):
        users.setdefault(post.user_id, post.user)
    return list(users.values())


def people_in_active_units() -> list[Any]:
    """The active people holding a current post in an active unit, each once."""
    users: dict[int, Any] = {}
    for post in Post.objects.current().filter(unit__is_active=True, user__is_active=True).select_related("user"):
        users.setdefault(post.user_id, post.user)
    return list(users.values())


def roles_of(user: Any) -> set[str]:
    """The roles of a person's current posts."""
    return {p.role for p in Post.objects.current().filter(user=user)}


def current_posts_by_person() -> QuerySet[Post]:
    """Every current post with its person and unit, by the person's email address."""
    return Post.objects.current().select_related("user", "unit").order_by("user__email")


def published_senior_officers(force: str) -> list[SeniorOfficer]:
    """The senior officers' profiles a force publishes, in their published order."""
    return list(SeniorOfficer.objects.filter(force=force, is_published=True).order_by("order", "name", "pk"))


def public_units_for_borough(borough: Borough) -> QuerySet[Unit]:
    """Police and partner units based in a borough (not its ward teams)."""
    return Unit.objects.filter(borough=borough, is_active=True).exclude(kind=Unit.Kind.NEIGHBOURHOOD_TEAM)


def posts_of(unit: Unit) -> list[Post]:
    """The current posts of a unit, with their people and places."""
    return list(
        Post.objects.current()
        .filter(unit=unit)
        .select_related("user")
        .prefetch_related("wards", "boroughs")
        .order_by("role", "user__display_name", "user__email")
    )


def describe_scope(post: Post) -> str:
    """The places a post covers, in words."""
    if post.london_wide:
        return "All of London"
    places = [b.name for b in post.boroughs.all()] + [f"{w.name} ward" for w in post.wards.all()]
    if places:
        return ", ".join(places)
    unit = post.unit
    # The unit's ward and borough are reference data held in memory (`places.reference`): no query a post.
    if unit.ward_id:
        return f"{reference.by_pk(Ward, {unit.ward_id})[unit.ward_id]} ward (the team's ward)"
    if unit.borough_id:
        return f"{reference.by_pk(Borough, {unit.borough_id})[unit.borough_id]} (the unit's borough)"
    if unit.command_unit_id:
        names = ", ".join(Borough.objects.filter(command_unit_id=unit.command_unit_id).values_list("name", flat=True))
        return f"{names} (the command unit's boroughs)"
    return "All of London (the unit works London-wide)"


def workspace_card(request: Any) -> dict[str, Any] | None:
    """The staff home card "Your posts and scope"."""
    posts = current_posts(request.user)
    rows = []
    for post in posts:
        caps = sorted(c.value.replace("_", " ") for c in ROLE_CAPABILITIES.get(post.role, frozenset()))
        rows.append({"post": post, "scope": describe_scope(post), "capabilities": caps})
    return {"rows": rows, "is_superuser": request.user.is_superuser}


def export_personal_data(user: Any) -> list[dict[str, Any]]:
    """The posts a person holds or held."""
    return [
        {
            "unit": str(p.unit),
            "role": p.get_role_display(),
            "job_title": p.job_title,
            "london_wide": p.london_wide,
            "boroughs": [b.name for b in p.boroughs.all()],
            "wards": [w.name for w in p.wards.all()],
            "listed_publicly": p.listed_publicly,
            "public_bio": p.public_bio,
            "starts_on": p.starts_on.isoformat() if p.starts_on else None,
            "ends_on": p.ends_on.isoformat() if p.ends_on else None,
        }
        for p in Post.objects.filter(user=user).select_related("unit").prefetch_related("boroughs", "wards")
    ]


def erase_personal_data(user: Any) -> int:
    """Remove a person's posts (their public listing goes with them)."""
    deleted, _ = Post.objects.filter(user=user).delete()
    return deleted
