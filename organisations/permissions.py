"""Named object permissions (django-rules), built on `organisations.scope`.

user.has_perm("organisations.change_unit", unit)
user.has_perm("organisations.act_in_ward", ward)      # any staff capability there
"""

from typing import Any

import rules
from django.db.models import QuerySet

from organisations import scope
from organisations.models import Post, Unit
from organisations.scope import Capability, can_act_in, has_capability, scope_for
from places.models import Borough, Ward


def unit_area(unit: Unit) -> dict[str, Any]:
    """The places a unit works in, as keyword arguments for `can_act_in`."""
    if unit.ward_id:
        return {"wards": [unit.ward_id]}
    if unit.borough_id:
        return {"boroughs": [unit.borough_id]}
    if unit.command_unit_id:
        return {
            "boroughs": list(Borough.objects.filter(command_unit_id=unit.command_unit_id).values_list("pk", flat=True))
        }
    return {"london_wide": True}


def can_manage_unit(user: Any, unit: Unit | None) -> bool:
    """Administrators whose scope covers the whole of the unit's area."""
    if unit is None:
        return has_capability(user, Capability.ADMINISTER)
    return can_act_in(user, Capability.ADMINISTER, **unit_area(unit))


@rules.predicate
def can_grant_places(user: Any, data: dict[str, Any]) -> bool:
    """An administrator grants only places within their own scope (a post's wards, boroughs or London)."""
    return can_act_in(
        user,
        Capability.ADMINISTER,
        wards=data.get("wards") or [],
        boroughs=data.get("boroughs") or [],
        london_wide=bool(data.get("london_wide")),
    )


# Staff of the service (a current post): the scope module's own test, as a named rule.
is_staff_member = rules.predicate(scope.is_staff_member)


@rules.predicate
def is_administrator(user: Any) -> bool:
    return has_capability(user, Capability.ADMINISTER)


@rules.predicate
def reads_audit(user: Any) -> bool:
    """Holds VIEW_AUDIT somewhere: may see records' histories (each record's places are checked by
    `workspace.view_history`)."""
    return has_capability(user, Capability.VIEW_AUDIT)


@rules.predicate
def reads_audit_names(user: Any) -> bool:
    """An auditor (the oversight body, an administrator): sees the people named in audit entries as written;
    other readers of a history see them as opaque references."""
    return has_capability(user, Capability.VIEW_AUDIT_NAMES)


@rules.predicate
def publishes_senior_officers(user: Any) -> bool:
    """An administrator whose scope is the whole of London: a senior officer's profile speaks for a force."""
    return can_act_in(user, Capability.ADMINISTER, london_wide=True)


@rules.predicate
def manages_unit(user: Any, unit: Unit | None) -> bool:
    return can_manage_unit(user, unit)


@rules.predicate
def can_translate_unit(user: Any, unit: Unit) -> bool:
    """Whoever may change a unit may translate its description and contact notes."""
    return can_manage_unit(user, unit)


def translatable_teams(user: Any) -> QuerySet[Unit]:
    """The neighbourhood teams whose texts (shown on their ward's page) the user may change and translate."""
    where = scope_for(user, Capability.ADMINISTER)
    return (
        Unit.objects.filter(where.ward_q("ward"), kind=Unit.Kind.NEIGHBOURHOOD_TEAM, ward__isnull=False)
        .select_related("ward")
        .order_by("name")
    )


def translatable_posts(user: Any) -> QuerySet[Post]:
    """The current posts listed on a ward's public page, in the teams the user may change: whoever may change a
    post may translate its job title and public description."""
    return (
        Post.objects.current()
        .filter(unit__in=translatable_teams(user), listed_publicly=True)
        .select_related("user", "unit")
        .order_by("unit__name", "role", "pk")
    )


@rules.predicate
def manages_post(user: Any, post: Post | None) -> bool:
    return can_manage_unit(user, post.unit if post is not None else None)


def capability_in_place(capability: Capability) -> Any:
    """A predicate: the user holds `capability` in the given ward or borough (or anywhere, if none)."""

    @rules.predicate(name=f"{capability.value}_in_place")
    def predicate(user: Any, place: Ward | Borough | None = None) -> bool:
        if place is None:
            return has_capability(user, capability)
        if isinstance(place, Ward):
            return can_act_in(user, capability, wards=[place])
        return can_act_in(user, capability, boroughs=[place])

    return predicate


rules.add_perm("organisations.view_unit", is_staff_member)
rules.add_perm("organisations.add_unit", is_administrator)
rules.add_perm("organisations.change_unit", manages_unit)
rules.add_perm("organisations.translate_unit", can_translate_unit)
rules.add_perm("organisations.add_post", manages_unit)  # object: the unit the post is in
rules.add_perm("organisations.change_post", manages_post)
rules.add_perm("organisations.delete_post", manages_post)
rules.add_perm("organisations.manage_senior_officers", publishes_senior_officers)
for _cap in Capability:
    rules.add_perm(f"organisations.{_cap.value}", capability_in_place(_cap))
