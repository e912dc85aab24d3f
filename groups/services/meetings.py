"""Meetings of groups: each is an activity in the engagement register, with agenda, papers, minutes,
attendance, decisions and actions kept here."""

import calendar
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from activities import services as activities
from activities.models import Activity
from core import audit
from core.errors import ServiceError
from groups.models import CommunityGroup, Meeting, MeetingAction, MeetingAttendance, MeetingPaper, Member
from groups.services.common import invalidate_pages, require_manage, validate_document

RECURRENCE_MONTHS = {"": 0, "monthly": 1, "bimonthly": 2, "quarterly": 3}
MAX_MEETINGS_AT_ONCE = 24


def _add_months(when: datetime, months: int) -> datetime:
    """The same day and time `months` later (the last day of the month if that day does not exist)."""
    local = timezone.localtime(when)
    month0 = local.month - 1 + months
    year, month = local.year + month0 // 12, month0 % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    naive = local.replace(tzinfo=None, year=year, month=month, day=day)
    return timezone.make_aware(naive)


def meeting_dates(first: datetime, recurrence: str, count: int) -> list[datetime]:
    """Start times of a run of meetings: the first, then every month, two months or quarter."""
    if recurrence not in RECURRENCE_MONTHS:
        raise ServiceError("Choose how often the group meets from the list.", field="recurrence")
    if count < 1 or count > MAX_MEETINGS_AT_ONCE:
        raise ServiceError(f"Schedule between 1 and {MAX_MEETINGS_AT_ONCE} meetings at once.", field="count")
    if not RECURRENCE_MONTHS[recurrence] and count > 1:
        raise ServiceError("To schedule more than one meeting, choose how often they repeat.", field="recurrence")
    return [_add_months(first, RECURRENCE_MONTHS[recurrence] * i) for i in range(count)]


def _activity_data(group: CommunityGroup, starts_at: datetime, duration: timedelta, data: dict[str, Any]) -> dict:
    wards, boroughs, london = group.area()
    if group.supporting_unit is None:
        raise ServiceError(
            "Set the group's supporting unit before scheduling meetings: it organises them in the register.",
            field="starts_at",
        )
    open_meeting = bool(data.get("open_to_public"))
    return {
        "title": data.get("title") or f"{group.name} meeting",
        "purpose": data.get("purpose") or group.purpose,
        "use_of_results": data.get("use_of_results")
        or "The group's decisions and actions are recorded in its minutes and reported back to the community.",
        "method": Activity.Method.PUBLIC_MEETING if open_meeting else Activity.Method.PANEL_MEETING,
        "tier": Activity.Tier.CENTRAL if london else Activity.Tier.BUSINESS_GROUP,
        "organising_unit": group.supporting_unit,
        "lead_name": group.contact_name,
        "lead_email": group.contact_email,
        "wards": wards,
        "boroughs": boroughs,
        "london_wide": london,
        "starts_at": starts_at,
        "ends_at": starts_at + duration,
        "venue": data.get("venue", ""),
        "venue_accessibility": data.get("venue_accessibility", ""),
        "is_public": bool(group.is_public and data.get("is_public", True)),
    }


@transaction.atomic
def schedule_meetings(*, group: CommunityGroup, by: Any, data: dict[str, Any]) -> list[Meeting]:
    """Schedule one meeting, or a run of them (e.g. quarterly), each recorded as an activity."""
    require_manage(by, group)
    starts_at = data.get("starts_at")
    ends_at = data.get("ends_at")
    if not starts_at or not ends_at:
        raise ServiceError("Enter when the meeting starts and ends.", field="starts_at")
    if ends_at <= starts_at:
        raise ServiceError("The meeting must end after it starts.", field="ends_at")
    dates = meeting_dates(starts_at, data.get("recurrence", ""), int(data.get("count") or 1))
    meetings = []
    for when in dates:
        activity = activities.record_activity(
            by=by, data=_activity_data(group, when, ends_at - starts_at, data), check_scope=False
        )
        meetings.append(Meeting.objects.create(group=group, activity=activity, agenda=data.get("agenda", "")))
    audit.log(by, "group.meetings_scheduled", group, changes={"dates": [d.isoformat() for d in dates]})
    invalidate_pages(group)
    return meetings


@transaction.atomic
def update_meeting(*, meeting: Meeting, by: Any, data: dict[str, Any]) -> Meeting:
    require_manage(by, meeting.group)
    starts_at = data.get("starts_at") or meeting.activity.starts_at
    ends_at = data.get("ends_at") or meeting.activity.ends_at
    if ends_at <= starts_at:
        raise ServiceError("The meeting must end after it starts.", field="ends_at")
    values = _activity_data(meeting.group, starts_at, ends_at - starts_at, {**data, "title": meeting.activity.title})
    activities.update_activity(
        activity=meeting.activity,
        by=by,
        data={k: values[k] for k in ("starts_at", "ends_at", "venue", "venue_accessibility", "is_public", "method")},
        check_scope=False,
    )
    if "agenda" in data:
        meeting.agenda = data["agenda"]
        meeting.save(update_fields=["agenda", "updated_at"])
    audit.log(by, "group.meeting_updated", meeting.group, changes={"meeting": meeting.pk})
    invalidate_pages(meeting.group)
    meeting.activity.refresh_from_db()
    return meeting


@transaction.atomic
def record_minutes(
    *,
    meeting: Meeting,
    by: Any,
    minutes: str,
    decisions: str = "",
    present: list[Member] | tuple = (),
    apologies: list[Member] | tuple = (),
    other_attendees: int = 0,
) -> Meeting:
    """Minutes, decisions and attendance of a meeting that has been held; marks the activity held."""
    require_manage(by, meeting.group)
    activity = meeting.activity
    if activity.starts_at > timezone.now():
        raise ServiceError(
            f"This meeting has not been held yet (it is on {timezone.localtime(activity.starts_at):%-d %B %Y}): "
            "minutes can be recorded once it has started.",
            field="minutes",
        )
    if activity.status == Activity.Status.CANCELLED:
        raise ServiceError("This meeting was cancelled, so it has no minutes.", field="minutes")
    if not minutes.strip():
        raise ServiceError("Enter the minutes.", field="minutes")
    both = {m.pk for m in present} & {m.pk for m in apologies}
    if both:
        raise ServiceError("A member cannot be both present and sending apologies.", field="present")
    for member in [*present, *apologies]:
        if member.group_id != meeting.group_id:
            raise ServiceError(f"{member.name} is not a member of this group.", field="present")
    meeting.minutes = minutes
    meeting.decisions = decisions
    meeting.other_attendees = other_attendees
    meeting.minutes_recorded_at = timezone.now()
    meeting.save()
    meeting.attendance.all().delete()
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting=meeting, member=m, status=MeetingAttendance.Status.PRESENT) for m in present]
        + [MeetingAttendance(meeting=meeting, member=m, status=MeetingAttendance.Status.APOLOGIES) for m in apologies]
    )
    if activity.status in {Activity.Status.PLANNED, Activity.Status.CONFIRMED}:
        activities.change_status(
            activity=activity,
            by=by,
            status=Activity.Status.HELD,
            check_scope=False,
            attendance=len(present) + other_attendees,
        )
    audit.log(by, "group.minutes_recorded", meeting.group, changes={"meeting": meeting.pk, "present": len(present)})
    return meeting


@transaction.atomic
def add_paper(*, meeting: Meeting, by: Any, title: str, upload: Any, is_public: bool = False) -> MeetingPaper:
    require_manage(by, meeting.group)
    validate_document(upload)
    if not title.strip():
        raise ServiceError("Enter a title for the paper.", field="title")
    paper = MeetingPaper.objects.create(meeting=meeting, title=title, file=upload, is_public=is_public)
    audit.log(by, "group.paper_added", meeting.group, changes={"meeting": meeting.pk, "title": title})
    return paper


@transaction.atomic
def add_action(*, meeting: Meeting, by: Any, description: str, owner: str, due_on: date) -> MeetingAction:
    require_manage(by, meeting.group)
    if not description.strip():
        raise ServiceError("Describe the action.", field="description")
    if not owner.strip():
        raise ServiceError("Say who owns the action.", field="owner")
    if due_on < timezone.localtime(meeting.activity.starts_at).date():
        raise ServiceError("The due date cannot be before the meeting.", field="due_on")
    action = MeetingAction.objects.create(meeting=meeting, description=description, owner=owner, due_on=due_on)
    audit.log(by, "group.action_added", meeting.group, changes={"meeting": meeting.pk, "action": description})
    return action


@transaction.atomic
def complete_action(*, action: MeetingAction, by: Any) -> MeetingAction:
    require_manage(by, action.meeting.group)
    if action.done_on:
        raise ServiceError("This action is already done.")
    action.done_on = timezone.localdate()
    action.save(update_fields=["done_on", "updated_at"])
    audit.log(by, "group.action_done", action.meeting.group, changes={"action": action.description})
    return action


def unlist_future_meetings(group: CommunityGroup, by: Any) -> None:
    """A group made restricted no longer lists its coming meetings publicly."""
    for meeting in group.meetings.filter(activity__starts_at__gte=timezone.now(), activity__is_public=True):
        activities.update_activity(activity=meeting.activity, by=by, data={"is_public": False}, check_scope=False)
