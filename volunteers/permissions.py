"""Who may coordinate volunteers, see a volunteer, run an opportunity or work an outreach campaign.

permissions.can_coordinate(user)                 # holds `coordinate_volunteers` somewhere
permissions.can_manage_volunteer(user, volunteer) # a coordinator whose area covers the volunteer's home borough
permissions.can_run_opportunity(user, opp)       # a coordinator whose area covers every borough of it
permissions.can_see_campaign(user, campaign)     # a coordinator of its borough, or someone assigned to it
permissions.visible_volunteers(user)             # the volunteers a coordinator sees (their boroughs)
A volunteer's own pages ask `own_volunteer(user)`: a signed-in volunteer sees only their own records.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from organisations.scope import Capability, has_capability, scope_for
from places.models import Borough
from volunteers.models import Campaign, Opportunity, Volunteer

CAP = Capability.COORDINATE_VOLUNTEERS


@rules.predicate
def can_coordinate(user: Any) -> bool:
    return has_capability(user, CAP)


@rules.predicate
def can_manage_volunteer(user: Any, volunteer: Volunteer | None) -> bool:
    if volunteer is None or not has_capability(user, CAP):
        return False
    return scope_for(user, CAP).covers_borough(volunteer.home_borough_id)


def opportunity_boroughs(opportunity: Opportunity) -> set[int]:
    """Every borough an opportunity takes place in (its boroughs and its wards' boroughs)."""
    ids = {b.pk for b in opportunity.boroughs.all()}
    ids |= {w.borough_id for w in opportunity.wards.all()}
    return ids


@rules.predicate
def can_run_opportunity(user: Any, opportunity: Opportunity | None) -> bool:
    if opportunity is None or not has_capability(user, CAP):
        return False
    scope = scope_for(user, CAP)
    places = opportunity_boroughs(opportunity)
    if not places:  # London-wide
        return scope.london_wide
    return all(scope.covers_borough(b) for b in places)


def can_post_in(user: Any, borough_ids: set[int]) -> bool:
    """A new opportunity in these boroughs (none: London-wide) is within the coordinator's area."""
    if not has_capability(user, CAP):
        return False
    scope = scope_for(user, CAP)
    if not borough_ids:
        return scope.london_wide
    return all(scope.covers_borough(b) for b in borough_ids)


@rules.predicate
def can_see_campaign(user: Any, campaign: Campaign | None) -> bool:
    if campaign is None or not getattr(user, "is_authenticated", False):
        return False
    if has_capability(user, CAP) and scope_for(user, CAP).covers_borough(campaign.borough_id):
        return True
    return campaign.assignees.filter(pk=user.pk).exists()


@rules.predicate
def can_manage_campaign(user: Any, campaign: Campaign | None) -> bool:
    if campaign is None or not has_capability(user, CAP):
        return False
    return scope_for(user, CAP).covers_borough(campaign.borough_id)


def coordinated_boroughs_q(user: Any, path: str) -> Q:
    """Rows whose borough (reached through `path`) lies in the coordinator's area."""
    if not has_capability(user, CAP):
        return Q(pk__in=[])
    scope = scope_for(user, CAP)
    if scope.london_wide:
        return Q()
    return Q(**{f"{path}__in": scope.borough_ids})


def visible_volunteers(user: Any) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(coordinated_boroughs_q(user, "home_borough"))


def visible_opportunities(user: Any) -> QuerySet[Opportunity]:
    """The opportunities `can_run_opportunity` allows: wholly within the coordinator's boroughs (London-wide
    ones and those spanning other boroughs: London-wide coordinators only)."""
    if not has_capability(user, CAP):
        return Opportunity.objects.none()
    scope = scope_for(user, CAP)
    if scope.london_wide:
        return Opportunity.objects.all()
    ids = scope.borough_ids
    inside = Opportunity.objects.filter(Q(boroughs__in=ids) | Q(wards__borough__in=ids)).values("pk")
    outside = Opportunity.objects.filter(
        Q(boroughs__in=Borough.objects.exclude(pk__in=ids)) | Q(wards__borough__in=Borough.objects.exclude(pk__in=ids))
    ).values("pk")
    return Opportunity.objects.filter(pk__in=inside).exclude(pk__in=outside)


def visible_campaigns(user: Any) -> QuerySet[Campaign]:
    if not getattr(user, "is_authenticated", False):
        return Campaign.objects.none()
    if has_capability(user, CAP) and scope_for(user, CAP).london_wide:
        return Campaign.objects.all()  # (an empty Q() would vanish from the OR below)
    return Campaign.objects.filter(coordinated_boroughs_q(user, "borough") | Q(assignees=user)).distinct()


def own_volunteer(user: Any) -> Volunteer | None:
    """The volunteer record linked to this account, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user).select_related("home_borough").first()


@rules.predicate
def is_volunteer(user: Any) -> bool:
    return own_volunteer(user) is not None


rules.add_perm("volunteers.coordinate", can_coordinate)
rules.add_perm("volunteers.change_volunteer", can_manage_volunteer)
rules.add_perm("volunteers.change_opportunity", can_run_opportunity)
rules.add_perm("volunteers.view_campaign", can_see_campaign)
rules.add_perm("volunteers.change_campaign", can_manage_campaign)
rules.add_perm("volunteers.is_volunteer", is_volunteer)


def coordinated_boroughs(user: Any) -> QuerySet[Borough]:
    """The boroughs a coordinator covers whole (London-wide: every borough)."""
    if not has_capability(user, CAP):
        return Borough.objects.none()
    scope = scope_for(user, CAP)
    return Borough.objects.all() if scope.london_wide else Borough.objects.filter(pk__in=scope.borough_ids)
