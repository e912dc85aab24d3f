"""What the engagement register adds to shared pages: ward/borough sections, workspace cards, personal data."""

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from activities import permissions, queries
from activities.models import Activity
from activities.queries import (
    activities_reached,
    consultations_waiting_for,
    objections_for_coordinator,
    upcoming_public_for_borough,
    upcoming_public_for_ward,
)
from core import registry
from organisations.scope import current_posts


def ward_section(ward: Any, request: HttpRequest) -> dict[str, Any] | None:
    return {"activities": upcoming_public_for_ward(ward, limit=10), "place": ward, "kind": "ward"}


def borough_section(borough: Any, request: HttpRequest) -> dict[str, Any] | None:
    return {"activities": upcoming_public_for_borough(borough, limit=10), "place": borough, "kind": "borough"}


def delivering_plan_action(action_id: int, user: Any) -> list[registry.Delivering]:
    """The activities that deliver a plan's action that this person may see: the register's own page for those
    their posts let them read, the public page for the rest that are public."""
    out: list[registry.Delivering] = []
    seen: set[int] = set()
    if user.is_authenticated:
        for activity in queries.visible_activities(user).filter(plan_actions=action_id):
            out.append(registry.Delivering(activity.title, activity.starts_at, activity.get_absolute_url()))
            seen.add(activity.pk)
    for activity in queries.public_activities().filter(plan_actions=action_id).exclude(pk__in=seen):
        out.append(registry.Delivering(activity.title, activity.starts_at, activity.get_public_url()))
    return out


def workspace_card(request: HttpRequest) -> dict[str, Any] | None:
    """Prior consultations waiting for the user's team, and their own upcoming activities."""
    user = request.user
    if not permissions.can_read(user):
        return None
    waiting = list(consultations_waiting_for(user)[:5])
    now = timezone.now()
    # Yours: those you lead or entered, and those your units organise or partner in (most are entered with a
    # lead's name rather than an account, so "led by you" alone left the list empty).
    unit_ids = [post.unit_id for post in current_posts(user)]
    mine = Q(lead_id=user.pk) | Q(created_by_id=user.pk) | Q(organising_unit__in=unit_ids) | Q(partners__in=unit_ids)
    upcoming = list(
        Activity.objects.filter(mine, ends_at__gte=now, starts_at__lt=now + timedelta(days=60))
        .exclude(status=Activity.Status.CANCELLED)
        .distinct()
        .order_by("starts_at")[:5]
    )
    return {"waiting": waiting, "upcoming": upcoming, "objections": _objections_to_settle(user)}


def _objections_to_settle(user: Any) -> list[Any]:
    """For a coordinator: open objections in their area, each waiting to be resolved or overruled."""
    if not permissions.can_coordinate(user):
        return []
    return list(objections_for_coordinator(user)[:5])


def export_personal_data(user: Any) -> list[dict[str, Any]]:
    return [
        {"activity": a.pk, "title": a.title, "lead_name": a.lead_name, "lead_email": a.lead_email}
        for a in Activity.objects.filter(lead=user)
    ]


def erase_personal_data(user: Any) -> int:
    return Activity.objects.filter(lead=user).update(lead=None, lead_name="", lead_email="", lead_phone="")


def engagement_reached(since: Any, until: Any) -> Any:
    return activities_reached(since, until)


def never_asked_card(request: HttpRequest) -> dict[str, Any] | None:
    """For coordinators: how many wards of their area nothing has engaged in six months, the largest first."""
    if not permissions.can_see_engagement_picture(request.user):
        return None
    wards = queries.never_asked_wards(months=6, borough_ids=permissions.picture_borough_ids(request.user))
    return {"wards": wards, "largest": wards[:3]}


def register() -> None:
    registry.ward_page.add("activities", order=30, template="activities/_place_section.html", context=ward_section)
    registry.borough_page.add(
        "activities", order=30, template="activities/_place_section.html", context=borough_section
    )
    registry.workspace.add("activities", order=20, template="activities/_workspace_card.html", context=workspace_card)
    registry.staff_nav.add("Engagement register", "activities:index", order=20, visible=permissions.can_read)
    registry.personal_data.add("activities", export=export_personal_data, erase=erase_personal_data, accounts_only=True)
    registry.engagement.add("activities", engagement_reached)
    registry.plan_action_delivery.add("activities", delivering_plan_action)
    registry.workspace.add(
        "activities_never_asked", order=21, template="activities/_never_asked_card.html", context=never_asked_card
    )
