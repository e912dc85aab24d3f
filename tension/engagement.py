"""Links between tension records and engagement: the wards and communities whose level stands apart in a week's
assessment, register activities answering an item, and an incident's messages (alerts) and key individual
network contacts. What may be linked (`*_candidates`) and linking it, each change checked and audited.

Records of other domains are reached through their own rules (`activities.queries.visible_activities`,
`alerts.permissions.visible_messages`, `groups.permissions.readable`): nobody links what they may not see.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from activities.models import Activity, CommunityOfInterest
from activities.queries import visible_activities
from alerts.models import Message
from alerts.permissions import visible_messages
from core import audit, bounds
from core.errors import Conflict, NotAllowed, ServiceError
from groups.models import CommunityGroup, Member
from groups.permissions import readable as readable_groups
from places.models import Ward
from tension import permissions
from tension.models import AreaLevel, Assessment, Incident, Item, KinContact
from tension.services import _check_choice, _check_level, _check_text

MAX_CHOICES = 50  # candidates offered on a page


# ---------------------------------------------------------------- wards and communities standing apart


@transaction.atomic
def set_area_level(
    *,
    by: Any,
    assessment: Assessment,
    ward: Ward | None = None,
    community: CommunityOfInterest | None = None,
    level: Any,
    trend: Any,
    note: str = "",
) -> AreaLevel:
    """Give a ward or a community its own level in the assessment (again: change it)."""
    if not permissions.can_lead(by, assessment):
        raise NotAllowed("Only the tension lead for this area gives its wards and communities a level.")
    if (ward is None) == (community is None):
        raise ServiceError("Choose a ward or a community (one of them).", field="ward")
    if ward is not None and assessment.borough_id is not None and ward.borough_id != assessment.borough_id:
        raise ServiceError(f"Choose a ward in {assessment.area_name}.", field="ward")
    if community is not None and not community.is_active:
        raise ServiceError("Choose a community from the list.", field="community")
    values = {
        "level": _check_level(level),
        "trend": _check_choice(trend, Assessment.Trend, "trend", "trend"),
        "note": _check_text(note, "note", "the note", required=False)[:300],
    }
    found = AreaLevel.objects.filter(assessment=assessment, ward=ward, community=community).first()
    before = audit.snapshot(found) if found else {}
    try:
        with transaction.atomic():
            if found is None:
                found = AreaLevel.objects.create(assessment=assessment, ward=ward, community=community, **values)
            else:
                AreaLevel.objects.filter(pk=found.pk).update(**values)
                found.refresh_from_db()
    except IntegrityError as exc:
        raise Conflict("Someone gave this place a level a moment ago: look again.") from exc
    audit.log(by, "tension.area_level.set", assessment, changes=audit.diff(before, audit.snapshot(found)))
    return found


@transaction.atomic
def remove_area_level(*, by: Any, area_level: AreaLevel) -> None:
    assessment = area_level.assessment
    if not permissions.can_lead(by, assessment):
        raise NotAllowed("Only the tension lead for this area changes its wards' and communities' levels.")
    before = audit.snapshot(area_level)
    area_level.delete()
    audit.log(by, "tension.area_level.remove", assessment, changes=audit.diff(before, {}))


# ---------------------------------------------------------------- activities answering an item


def response_candidates(by: Any, item: Item) -> QuerySet[Activity]:
    """Register activities the user may see in the item's borough (or London), from two weeks before the item's
    week to six weeks after it, soonest first."""
    week_start = timezone.make_aware(datetime.combine(item.week_starting, datetime.min.time()))
    found = visible_activities(by).filter(
        starts_at__gte=week_start - timedelta(weeks=2), starts_at__lt=week_start + timedelta(weeks=6)
    )
    if item.borough_id is not None:
        found = found.filter(
            Q(wards__borough_id=item.borough_id) | Q(boroughs__id=item.borough_id) | Q(london_wide=True)
        )
    ids = found.values("pk")
    return Activity.objects.filter(pk__in=ids).order_by("starts_at", "pk")


@transaction.atomic
def set_responses(*, by: Any, item: Item, link: list[int], unlink: list[int] | None = None) -> Item:
    """Link register activities as the response to an item, and unlink others (the area's lead)."""
    if not permissions.leads_area(by, item.borough_id):
        raise NotAllowed("Only the tension lead for this area links responses to its items.")
    if len(link) + len(unlink or []) > bounds.MAX_LIST:
        raise ServiceError(f"Choose at most {bounds.MAX_LIST} activities at once.", field="activities")
    found = list(visible_activities(by).filter(pk__in=link))
    if len(found) != len(set(link)):
        raise ServiceError("No activity with that number in the register that you can see.", field="activities")
    before = sorted(item.responses.values_list("pk", flat=True))
    item.responses.add(*found)
    item.responses.remove(*[pk for pk in unlink or [] if pk not in link])
    after = sorted(item.responses.values_list("pk", flat=True))
    if after != before:
        audit.log(by, "tension.item.responses", item, changes={"responses": [before, after]})
    return item


def responses_to(user: Any, activity: Activity) -> list[Item]:
    """The items an activity answers, of those the user may see (for the activity's page)."""
    items = Item.objects.filter(responses=activity).select_related("borough").order_by("-week_starting", "pk")
    return list(permissions.visible_items(user, items)[:MAX_CHOICES])


# ---------------------------------------------------------------- an incident's messages and contacts


def message_candidates(by: Any, incident: Incident) -> QuerySet[Message]:
    """Messages the user may see, written from a week before the incident, not yet linked to it."""
    since = timezone.make_aware(datetime.combine(incident.starts_on - timedelta(days=7), datetime.min.time()))
    ids = visible_messages(by).filter(created_at__gte=since).values("pk")
    return (
        Message.objects.filter(pk__in=ids)
        .exclude(pk__in=incident.messages.values("pk"))
        .exclude(status=Message.Status.CANCELLED)
        .order_by("-created_at")
    )


@transaction.atomic
def link_messages(*, by: Any, incident: Incident, message_ids: list[int]) -> list[Message]:
    """Link messages sent (or planned) as part of the incident's engagement."""
    if not permissions.can_run_incident(by, incident):
        raise NotAllowed("Only tension leads for the incident's boroughs may change its record.")
    if not message_ids:
        raise ServiceError("Choose at least one message.", field="messages")
    if len(message_ids) > bounds.MAX_LIST:
        raise ServiceError(f"Choose at most {bounds.MAX_LIST} messages at once.", field="messages")
    found = list(visible_messages(by).filter(pk__in=message_ids))
    if len(found) != len(set(message_ids)):
        raise ServiceError("Choose messages you can see, from the list.", field="messages")
    incident.messages.add(*found)
    audit.log(by, "tension.incident.messages", incident, changes={"messages": [None, sorted(m.pk for m in found)]})
    return found


def kin_candidates(by: Any, incident: Incident) -> QuerySet[Member]:
    """Current members of the key individual networks the user may see that serve the incident's boroughs
    (a ward's, a borough's or London's network)."""
    borough_ids = [b.pk for b in incident.boroughs.all()]
    networks = readable_groups(by).filter(kind=CommunityGroup.Kind.KEY_INDIVIDUALS, is_active=True)
    networks = networks.filter(
        Q(level=CommunityGroup.Level.LONDON) | Q(borough_id__in=borough_ids) | Q(ward__borough_id__in=borough_ids)
    )
    today = timezone.localdate()
    return (
        Member.objects.filter(group__in=networks.values("pk"), term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("group")
        .order_by("group__name", "name")
    )


@transaction.atomic
def add_kin_contact(*, by: Any, incident: Incident, data: dict[str, Any]) -> KinContact:
    """`data`: member (a Member), at (a datetime), how, summary."""
    if not permissions.can_run_incident(by, incident):
        raise NotAllowed("Only tension leads for the incident's boroughs may change its record.")
    member = data.get("member")
    if not isinstance(member, Member) or not kin_candidates(by, incident).filter(pk=member.pk).exists():
        raise ServiceError(
            "Choose a current member of a key individual network serving the incident's boroughs.", field="member"
        )
    at = data.get("at")
    if not isinstance(at, datetime):
        raise ServiceError("Give the date and time of the contact.", field="at")
    contact = KinContact(
        incident=incident,
        member=member,
        network=member.group,
        at=at,
        how=_check_choice(data.get("how"), KinContact.How, "how", "way of contact"),
        summary=_check_text(data.get("summary"), "summary", "what was said"),
        recorded_by=by,
    )
    contact.full_clean(exclude=["incident", "member", "network"])
    contact.save()
    audit.log(by, "tension.kin_contact.add", incident, changes=audit.snapshot(contact))
    return contact
