"""Writes to the engagement register: record, change, move through statuses, consult, link, import."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from activities import permissions, queries
from activities.models import (
    Activity,
    ActivityLink,
    ActivityPlace,
    CommunityOfInterest,
    FatigueSettings,
    MinimumStandard,
    Operation,
    PriorConsultation,
    StandardBaseline,
)
from activities.queries import standard_result
from activities.recurrence import MAX_OCCURRENCES, MAX_SPAN_DAYS, count_occurrences
from core import audit, pagecache
from core.errors import Conflict, NotAllowed, ServiceError
from notifications import notify
from organisations.models import Post, Unit
from organisations.scope import ROLE_CAPABILITIES, Capability, scope_for, units_for
from places.models import Borough, Ward

M2M_FIELDS = ("partners", "wards", "boroughs", "communities")
SCALAR_FIELDS = (
    "title",
    "purpose",
    "use_of_results",
    "method",
    "tier",
    "organising_unit",
    "lead",
    "lead_name",
    "lead_email",
    "lead_phone",
    "london_wide",
    "audience",
    "starts_at",
    "ends_at",
    "recurrence",
    "repeat_until",
    "exception_dates",
    "venue",
    "venue_accessibility",
    "is_public",
    "pre_planned",
    "status",
    "operation",
    "operation_phase",
    "attendance",
    "reach",
    "cost",
    "outcome_notes",
    "feedback_notes",
    "cancelled_reason",
)
OUTCOME_FIELDS = ("attendance", "reach", "cost", "outcome_notes")
# A change to any of these is a new revision of the activity's calendar entry (its SEQUENCE).
SCHEDULE_FIELDS = ("starts_at", "ends_at", "recurrence", "repeat_until", "exception_dates", "title", "venue")
HELD_OR_LATER = {
    Activity.Status.HELD,
    Activity.Status.OUTCOME_RECORDED,
    Activity.Status.FEEDBACK_GIVEN,
}
TRANSITIONS: dict[str, set[str]] = {
    Activity.Status.PLANNED: {Activity.Status.CONFIRMED, Activity.Status.HELD, Activity.Status.CANCELLED},
    Activity.Status.CONFIRMED: {Activity.Status.PLANNED, Activity.Status.HELD, Activity.Status.CANCELLED},
    Activity.Status.HELD: {Activity.Status.OUTCOME_RECORDED},
    Activity.Status.OUTCOME_RECORDED: {Activity.Status.FEEDBACK_GIVEN},
    Activity.Status.FEEDBACK_GIVEN: set(),
    Activity.Status.CANCELLED: set(),
}
MAX_OCCURRENCE_LENGTH = timedelta(days=366)
LONG_OCCURRENCE = timedelta(days=7)  # footprint rows longer than this are searched separately


# ---------------------------------------------------------------- permissions


def plannable_units(user: Any) -> Any:
    """Units the user may record activities for: their own, or any unit for an administrator."""
    if getattr(user, "is_superuser", False) or permissions.can_administer(user):
        return Unit.objects.filter(is_active=True)
    return units_for(user, Capability.PLAN_ACTIVITY)


def _check_scope(by: Any, values: dict[str, Any], wards: list[Ward], boroughs: list[Borough]) -> None:
    if not permissions.can_plan(by):
        raise NotAllowed("Your role does not allow you to plan activities.")
    unit = values["organising_unit"]
    if not plannable_units(by).filter(pk=unit.pk).exists():
        raise ServiceError(f"You cannot plan activities for {unit}.", field="organising_unit")
    if values.get("london_wide") and not permissions.can_plan_in(by, london_wide=True):
        raise ServiceError("A London-wide activity is outside the places you may plan for.", field="london_wide")
    outside = [w.name for w in wards if not permissions.can_plan_in(by, wards=[w])]
    if outside:
        raise ServiceError(f"Outside the places you may plan for: {', '.join(outside)}.", field="wards")
    outside = [b.name for b in boroughs if not permissions.can_plan_in(by, boroughs=[b])]
    if outside:
        raise ServiceError(f"Outside the places you may plan for: {', '.join(outside)}.", field="boroughs")


# ---------------------------------------------------------------- validation


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | bytes):
        raise ServiceError("Expected a list.")
    return list(value)


BOUNDED_FIELDS = {
    "title": "Title",
    "purpose": "Purpose",
    "use_of_results": "How the results will be used",
    "lead_name": "Lead's name",
    "lead_email": "Lead's email",
    "lead_phone": "Lead's phone",
    "venue": "Venue",
    "venue_accessibility": "Venue accessibility",
    "starts_at": "Start",
    "ends_at": "End",
    "repeat_until": "Last date",
    "attendance": "Attendance",
    "reach": "Reach",
    "cost": "Cost",
    "outcome_notes": "Outcome",
    "feedback_notes": "Feedback",
    "cancelled_reason": "Reason for cancelling",
}
MAX_LIST_ITEMS = 1000


def _check_bounds(values: dict[str, Any], names: Iterable[str]) -> None:
    """Hold each value to its model field's limits (length, range, digits), with the field's name in the message."""
    for name in names:
        value = values.get(name)
        if value is None or value == "":
            continue
        field = Activity._meta.get_field(name)
        assert isinstance(field, models.Field)  # noqa: S101 - a concrete column, never a relation
        try:
            field.run_validators(value)
        except ValidationError as exc:
            raise ServiceError(f"{BOUNDED_FIELDS[name]}: {exc.messages[0]}", field=name) from exc


def validate(values: dict[str, Any], m2m: dict[str, list[Any]]) -> None:
    """Raise ServiceError for the first thing wrong with a proposed activity (all fields present)."""
    for name, label in (("title", "a title"), ("purpose", "why this is taking place"), ("method", "a method")):
        if not str(values.get(name) or "").strip():
            raise ServiceError(f"Enter {label}.", field=name)
    if values["method"] not in Activity.Method.values:
        raise ServiceError("Choose a method from the list.", field="method")
    if values["tier"] not in Activity.Tier.values:
        raise ServiceError("Choose a tier from the list.", field="tier")
    if values["status"] not in Activity.Status.values:
        raise ServiceError("Choose a status from the list.", field="status")
    if values.get("audience", Activity.Audience.PUBLIC) not in Activity.Audience.values:
        raise ServiceError("Choose whom it engages from the list.", field="audience")
    if not isinstance(values.get("organising_unit"), Unit):
        raise ServiceError("Choose the organising unit.", field="organising_unit")
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if not isinstance(starts, datetime):
        raise ServiceError("Enter when it starts.", field="starts_at")
    if not isinstance(ends, datetime):
        raise ServiceError("Enter when it ends.", field="ends_at")
    if timezone.is_naive(starts) or timezone.is_naive(ends):
        raise ServiceError("Give times with a time zone.", field="starts_at")
    _check_bounds(values, ("starts_at", "ends_at", "repeat_until"))
    if ends <= starts:
        raise ServiceError("The end must be after the start.", field="ends_at")
    if ends - starts > MAX_OCCURRENCE_LENGTH:
        raise ServiceError("One occurrence cannot last more than a year.", field="ends_at")
    recurrence = values.get("recurrence") or ""
    if recurrence not in Activity.Recurrence.values:
        raise ServiceError("Choose how often it repeats from the list.", field="recurrence")
    until = values.get("repeat_until")
    if recurrence:
        if not isinstance(until, date):
            raise ServiceError("A repeating activity needs a last date.", field="repeat_until")
        if until < timezone.localtime(starts).date():
            raise ServiceError("The last date must be on or after the first occurrence.", field="repeat_until")
        if (until - timezone.localtime(starts).date()).days > MAX_SPAN_DAYS:
            raise ServiceError("A series can run for at most five years.", field="repeat_until")
        if count_occurrences(starts, recurrence, until) > MAX_OCCURRENCES:
            raise ServiceError(f"A series can have at most {MAX_OCCURRENCES} occurrences.", field="repeat_until")
        step_days = {"weekly": 7, "fortnightly": 14, "six_weekly": 42}.get(recurrence, 28)
        if ends - starts > timedelta(days=step_days):
            raise ServiceError("Each occurrence must end before the next one starts.", field="ends_at")
    elif until is not None:
        raise ServiceError("Only a repeating activity has a last date.", field="repeat_until")
    exceptions = values.get("exception_dates") or []
    for name, items in (("exception_dates", exceptions), *m2m.items()):
        if len(items) > MAX_LIST_ITEMS:
            raise ServiceError(f"Give at most {MAX_LIST_ITEMS} {name.replace('_', ' ')}.", field=name)
    if exceptions and not recurrence:
        raise ServiceError("Only a repeating activity has exceptions.", field="exception_dates")
    if exceptions:
        from activities.recurrence import occurrence_starts

        dates = {timezone.localtime(s).date().isoformat() for s in occurrence_starts(starts, recurrence, until)}
        for d in exceptions:
            if d not in dates:
                raise ServiceError(f"{d} is not one of the dates of this series.", field="exception_dates")
    if not (m2m["wards"] or m2m["boroughs"] or values.get("london_wide") or m2m["communities"]):
        raise ServiceError(
            "Say where it takes place (wards, boroughs or London-wide) or which community it is for.",
            field="wards",
        )
    if values.get("lead_email") and "@" not in values["lead_email"]:
        raise ServiceError("Enter the lead's email address like name@example.com.", field="lead_email")
    if values.get("operation_phase") and not values.get("operation"):
        raise ServiceError("Choose the operation this reassurance activity is linked to.", field="operation")
    if values["status"] not in HELD_OR_LATER:
        for name in OUTCOME_FIELDS:
            if values.get(name) not in (None, ""):
                raise ServiceError("Attendance, reach, cost and outcome are recorded once it is held.", field=name)
    for name in ("attendance", "reach"):
        v = values.get(name)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            raise ServiceError("Enter a whole number, 0 or more.", field=name)
    cost = values.get("cost")
    if cost is not None:
        try:
            values["cost"] = Decimal(str(cost))
        except InvalidOperation as exc:
            raise ServiceError("Enter the cost in pounds, like 120.50.", field="cost") from exc
        if not values["cost"].is_finite():
            raise ServiceError("Enter the cost in pounds, like 120.50.", field="cost")
        if values["cost"] < 0:
            raise ServiceError("The cost cannot be negative.", field="cost")
    _check_bounds(values, BOUNDED_FIELDS)


# ---------------------------------------------------------------- footprint


def rebuild_footprint(activity: Activity) -> int:
    """Replace the derived occurrence/place rows of one activity."""
    ActivityPlace.objects.filter(activity=activity).delete()
    if activity.status == Activity.Status.CANCELLED:
        return 0
    rows = footprint_rows(
        activity_id=activity.pk,
        method=activity.method,
        starts=activity.occurrence_starts(),
        duration=activity.duration,
        wards=list(activity.wards.values_list("pk", "borough_id")),
        borough_ids=list(activity.boroughs.values_list("pk", flat=True)),
        london_wide=activity.london_wide,
        community_ids=list(activity.communities.values_list("pk", flat=True)),
        audience=activity.audience,
    )
    ActivityPlace.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def footprint_rows(
    *,
    activity_id: int,
    method: str,
    starts: Iterable[datetime],
    duration: timedelta,
    wards: list[tuple[int, int]],
    borough_ids: list[int],
    london_wide: bool,
    community_ids: list[int],
    audience: str = Activity.Audience.PUBLIC,
) -> list[ActivityPlace]:
    """The footprint rows of one activity, each with its share: how local an ask it is of that place.

    A ward row is a whole ask of that ward (1); a borough row is spread over the borough's wards and a
    London row over London's; a community row carries the share of London's wards the activity covers
    (1 when London-wide or tied to no place). See docs/activities.md, "Fatigue".
    """
    K = ActivityPlace.Kind
    per_borough, total = queries.ward_counts()
    if london_wide or not (wards or borough_ids) or not total:
        community_share = 1.0
    else:
        covered = len({w for w, b in wards if b not in borough_ids}) + sum(per_borough.get(b, 0) for b in borough_ids)
        community_share = min(1.0, covered / total)
    rows: list[ActivityPlace] = []
    for s in starts:
        e = s + duration
        common = {
            "activity_id": activity_id,
            "starts_at": s,
            "ends_at": e,
            "method": method,
            "audience": audience,
            "is_long": duration > LONG_OCCURRENCE,
        }
        if london_wide:
            rows.append(ActivityPlace(kind=K.LONDON, share=1 / total if total else 0.0, **common))
        else:
            for ward_id, borough_id in wards:
                rows.append(ActivityPlace(kind=K.WARD, ward_id=ward_id, borough_id=borough_id, share=1.0, **common))
            for b in borough_ids:
                share = 1 / per_borough[b] if per_borough.get(b) else 0.0
                rows.append(ActivityPlace(kind=K.BOROUGH, borough_id=b, share=share, **common))
        for c in community_ids:
            rows.append(ActivityPlace(kind=K.COMMUNITY, community_id=c, share=community_share, **common))
    return rows


def _invalidate_pages(activity: Activity) -> None:
    ward_ids = list(activity.wards.values_list("pk", flat=True))
    borough_ids = set(activity.boroughs.values_list("pk", flat=True)) | set(
        activity.wards.values_list("borough_id", flat=True)
    )
    if activity.london_wide:
        pagecache.invalidate(london=True)
    else:
        pagecache.invalidate(wards=ward_ids, boroughs=borough_ids)


# ---------------------------------------------------------------- record and update


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    unknown = set(data) - set(SCALAR_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ServiceError(f"Unknown field: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    scalars = {k: v for k, v in data.items() if k in SCALAR_FIELDS}
    m2m = {k: _as_list(v) for k, v in data.items() if k in M2M_FIELDS}
    for key in ("title", "purpose", "use_of_results", "lead_name", "lead_email", "lead_phone", "venue"):
        if isinstance(scalars.get(key), str):
            scalars[key] = scalars[key].strip()
    return scalars, m2m


DEFAULTS: dict[str, Any] = {
    "use_of_results": "",
    "tier": Activity.Tier.BUSINESS_GROUP,
    "lead": None,
    "lead_name": "",
    "lead_email": "",
    "lead_phone": "",
    "london_wide": False,
    "recurrence": "",
    "repeat_until": None,
    "exception_dates": [],
    "venue": "",
    "venue_accessibility": "",
    "is_public": True,
    "pre_planned": True,
    "status": Activity.Status.PLANNED,
    "operation": None,
    "operation_phase": "",
    "attendance": None,
    "reach": None,
    "cost": None,
    "outcome_notes": "",
    "feedback_notes": "",
    "cancelled_reason": "",
}


@transaction.atomic
def record_activity(*, by: Any, data: dict[str, Any], check_scope: bool = True) -> Activity:
    """Record a new activity; consult the wards' neighbourhood teams when another unit plans it."""
    scalars, m2m = _split(data)
    values = {**DEFAULTS, **scalars}
    for name in M2M_FIELDS:
        m2m.setdefault(name, [])
    if values.get("recurrence") is None:
        values["recurrence"] = ""
    validate(values, m2m)
    if check_scope:
        _check_scope(by, values, m2m["wards"], m2m["boroughs"])
    user = by if getattr(by, "is_authenticated", False) else None
    if values["lead"] is None and user is not None and not values["lead_name"]:
        values["lead"] = user
        values["lead_name"] = getattr(user, "get_full_name", lambda: "")() or user.email
        values["lead_email"] = values["lead_email"] or user.email
    activity = Activity.objects.create(created_by=user, **values)
    for name, items in m2m.items():
        getattr(activity, name).set(items)
    rebuild_footprint(activity)
    audit.log(
        by,
        "activity.recorded",
        activity,
        changes={**audit.snapshot(activity), **{k: [str(i) for i in v] for k, v in m2m.items()}},
    )
    consult_local_teams(activity, by=by)
    _invalidate_pages(activity)
    return activity


@transaction.atomic
def update_activity(*, activity: Activity, by: Any, data: dict[str, Any], check_scope: bool = True) -> Activity:
    """Change an activity's details (status changes go through `change_status`)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if check_scope and not permissions.can_edit(by, activity):
        raise NotAllowed("You cannot change this activity.")
    scalars, m2m = _split(data)
    if "status" in scalars and scalars["status"] != activity.status:
        raise ServiceError("Change the status with the status buttons.", field="status")
    before = audit.snapshot(activity)
    before_m2m = {name: [str(i) for i in getattr(activity, name).all()] for name in M2M_FIELDS}
    values = {name: getattr(activity, name) for name in SCALAR_FIELDS}
    values.update(scalars)
    current = {name: list(getattr(activity, name).all()) for name in M2M_FIELDS}
    current.update(m2m)
    validate(values, current)
    if check_scope:
        _check_scope(by, values, current["wards"], current["boroughs"])
    _invalidate_pages(activity)
    if any(name in scalars and scalars[name] != getattr(activity, name) for name in SCHEDULE_FIELDS):
        activity.sequence += 1
    for key, value in scalars.items():
        setattr(activity, key, value)
    activity.save()
    for name, items in m2m.items():
        getattr(activity, name).set(items)
    rebuild_footprint(activity)
    after_m2m = {name: [str(i) for i in getattr(activity, name).all()] for name in M2M_FIELDS}
    changes = audit.diff({**before, **before_m2m}, {**audit.snapshot(activity), **after_m2m})
    audit.log(by, "activity.updated", activity, changes=changes)
    if "wards" in m2m:
        consult_local_teams(activity, by=by)
    # a team's deadline to answer never falls after the activity starts
    activity.consultations.filter(state=PriorConsultation.State.WAITING, respond_by__gt=activity.starts_at).update(
        respond_by=activity.starts_at
    )
    _invalidate_pages(activity)
    return activity


@transaction.atomic
def change_status(*, activity: Activity, by: Any, status: str, check_scope: bool = True, **outcome: Any) -> Activity:
    """Move an activity along planned → confirmed → held → outcome recorded → feedback given, or cancel it."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if check_scope and not permissions.can_edit(by, activity):
        raise NotAllowed("You cannot change this activity.")
    if status not in Activity.Status.values:
        raise ServiceError("Choose a status from the list.", field="status")
    if status != activity.status and status not in TRANSITIONS[activity.status]:
        raise ServiceError(
            f"An activity that is {activity.get_status_display().lower()} cannot become "
            f"{Activity.Status(status).label.lower()}.",
            field="status",
        )
    allowed = {*OUTCOME_FIELDS, "feedback_notes", "cancelled_reason"}
    unknown = set(outcome) - allowed
    if unknown:
        raise ServiceError(f"Unknown field: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    if status == Activity.Status.CONFIRMED and status != activity.status:
        objection = activity.consultations.filter(state=PriorConsultation.State.OBJECTED).select_related("team")
        first = objection.first()
        if first is not None:
            raise Conflict(
                f"{first.team} objected to this activity: it can be confirmed once the objection is resolved "
                "with the team or overruled by the borough champion.",
                field="status",
            )
    if status == Activity.Status.HELD and activity.starts_at > timezone.now():
        raise ServiceError("An activity cannot be marked held before it starts.", field="status")
    values = {name: getattr(activity, name) for name in SCALAR_FIELDS}
    values.update({k: v for k, v in outcome.items() if v is not None})
    values["status"] = status
    if status == Activity.Status.OUTCOME_RECORDED and not str(values.get("outcome_notes") or "").strip():
        raise ServiceError("Describe the outcome.", field="outcome_notes")
    if status == Activity.Status.FEEDBACK_GIVEN and not str(values.get("feedback_notes") or "").strip():
        raise ServiceError("Say what feedback was given, and to whom.", field="feedback_notes")
    if status == Activity.Status.CANCELLED and not str(values.get("cancelled_reason") or "").strip():
        raise ServiceError("Say why it was cancelled.", field="cancelled_reason")
    m2m = {name: list(getattr(activity, name).all()) for name in M2M_FIELDS}
    validate(values, m2m)
    before = audit.snapshot(activity)
    if status != activity.status:
        activity.sequence += 1
    for key in (*allowed, "status"):
        setattr(activity, key, values.get(key))
    activity.save()
    if status == Activity.Status.CANCELLED:
        rebuild_footprint(activity)
        activity.consultations.filter(state=PriorConsultation.State.WAITING).delete()
        refresh_consultation_hold(activity)
    audit.log(by, f"activity.{status}", activity, changes=audit.diff(before, audit.snapshot(activity)))
    _invalidate_pages(activity)
    return activity


# ---------------------------------------------------------------- prior consultation (action 3.6)


def _team_users(team: Unit) -> list[Any]:
    return [p.user for p in Post.objects.current().filter(unit=team, user__is_active=True).select_related("user")]


def ward_coordinators(ward: Ward) -> list[Any]:
    """The coordinators told about a ward's consultations: those whose area covers the ward but not all of
    London (the borough champion); London-wide coordinators only when the borough has none."""
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.COORDINATE in caps]
    posts = Post.objects.current().filter(role__in=roles, user__is_active=True, unit__is_active=True)
    local: dict[int, Any] = {}
    london: dict[int, Any] = {}
    for post in posts.select_related("user"):
        user = post.user
        if user.pk in local or user.pk in london:
            continue
        scope = scope_for(user, Capability.COORDINATE)
        if not scope.covers_ward(ward.pk, ward.borough_id):
            continue
        (london if scope.london_wide else local)[user.pk] = user
    return list((local or london).values())


def _tell(users: Iterable[Any], *, message: str, link: str, kind: str, subject: str, extra: str = "") -> None:
    """An in-app notice and an email (with an absolute link) to each person."""
    for user in users:
        notify.notify_user(user, message, link=link, kind=kind)
        if user.email:
            notify.send_email(
                to=user.email,
                subject=subject,
                text=f"{message}\n\n{extra}{notify.absolute_url(link)}\n",
                reason=kind,
            )


def refresh_consultation_hold(activity: Activity) -> bool:
    """Hold the activity back from the public while any consultation is unanswered or objected."""
    pending = activity.consultations.filter(state__in=PriorConsultation.UNSETTLED).exists()
    if pending != activity.consultation_pending:
        Activity.objects.filter(pk=activity.pk).update(consultation_pending=pending)
        activity.consultation_pending = pending
        _invalidate_pages(activity)
    return pending


def consultation_deadline(activity: Activity) -> datetime:
    """When silence starts to count as acknowledgement: the policy's days, but never after the start."""
    return min(timezone.now() + timedelta(days=settings.PRIOR_CONSULTATION_DAYS), activity.starts_at)


def consult_local_teams(activity: Activity, *, by: Any) -> list[PriorConsultation]:
    """Ask each ward's neighbourhood team about another unit's pre-planned activity in its ward."""
    if not activity.pre_planned or activity.status == Activity.Status.CANCELLED:
        return []
    # a team whose ward is no longer named is no longer waited for
    activity.consultations.filter(state=PriorConsultation.State.WAITING).exclude(ward__in=activity.wards.all()).delete()
    if activity.ends_at < timezone.now() and not activity.recurrence:
        refresh_consultation_hold(activity)
        return []
    created = []
    teams = Unit.objects.filter(
        kind=Unit.Kind.NEIGHBOURHOOD_TEAM, is_active=True, ward__in=activity.wards.all()
    ).exclude(pk=activity.organising_unit_id)
    for team in teams.select_related("ward"):
        consultation, made = PriorConsultation.objects.get_or_create(
            activity=activity,
            team=team,
            defaults={"ward_id": team.ward_id or 0, "respond_by": consultation_deadline(activity)},
        )
        if not made:
            continue
        created.append(consultation)
        audit.log(by, "activity.consultation_requested", activity, changes={"team": str(team)})
        link = activity.get_absolute_url()
        when = timezone.localtime(activity.starts_at).strftime("%-d %B %Y, %H:%M")
        deadline = timezone.localtime(consultation.respond_by).strftime("%-d %B %Y, %H:%M")
        message = f"{activity.organising_unit} plans “{activity.title}” in {team.ward} on {when}. Please review it."
        text = (
            f"{message}\n\nPurpose: {activity.purpose}\n\n"
            f"Acknowledge it, comment or object by {deadline}; after that, no answer counts as acknowledgement. "
            f"It is not shown to the public until your team has answered.\n"
            f"{notify.absolute_url(link)}\n"
        )
        recipients = {u.email for u in _team_users(team) if u.email}
        for user in _team_users(team):
            notify.notify_user(user, message, link=link, kind="activity.consultation")
        if team.email:
            recipients.add(team.email)
        for to in sorted(recipients):
            notify.send_email(
                to=to,
                subject=f"Prior consultation: {activity.title} in {team.ward}",
                text=text,
                reason="activity.consultation_requested",
            )
    refresh_consultation_hold(activity)
    return created


def _locked(consultation: PriorConsultation) -> PriorConsultation:
    return (
        PriorConsultation.objects.select_for_update().select_related("activity", "team", "ward").get(pk=consultation.pk)
    )


@transaction.atomic
def respond_to_consultation(
    *, consultation: PriorConsultation, by: Any, state: str, comment: str = "", check_scope: bool = True
) -> PriorConsultation:
    """The ward team acknowledges, comments on or objects to an activity planned in its ward.

    An objection takes a confirmed activity back to planned, and holds it back until it is settled."""
    consultation = _locked(consultation)
    if check_scope and not permissions.in_consulted_team(by, consultation):
        raise NotAllowed(f"Only the ward's neighbourhood team ({consultation.team}) can answer this consultation.")
    if consultation.state == PriorConsultation.State.LAPSED:
        deadline = timezone.localtime(consultation.respond_by).strftime("%-d %B %Y") if consultation.respond_by else ""
        raise Conflict(
            f"The deadline to answer passed on {deadline}, so it counts as acknowledged. "
            "If you still have concerns, speak to the organiser or the borough champion."
        )
    if consultation.state != PriorConsultation.State.WAITING:
        raise Conflict(
            f"This consultation has already been answered ({consultation.get_state_display().lower()}). "
            "Speak to the organiser or the borough champion."
        )
    if state not in {
        PriorConsultation.State.ACKNOWLEDGED,
        PriorConsultation.State.COMMENTED,
        PriorConsultation.State.OBJECTED,
    }:
        raise ServiceError("Choose acknowledge, comment or object.", field="state")
    comment = (comment or "").strip()
    if state in {PriorConsultation.State.COMMENTED, PriorConsultation.State.OBJECTED} and not comment:
        raise ServiceError("Write your comment or the reason for your objection.", field="comment")
    user = by if getattr(by, "is_authenticated", False) else None
    consultation.state = state
    consultation.comment = comment
    consultation.responded_by = user
    consultation.responded_at = timezone.now()
    consultation.save()
    activity = Activity.objects.select_for_update().get(pk=consultation.activity_id)
    audit.log(
        by, f"activity.consultation_{state}", activity, changes={"team": str(consultation.team), "comment": comment}
    )
    link = activity.get_absolute_url()
    answer = f"{consultation.team} {consultation.get_state_display().lower()} “{activity.title}”."
    if state == PriorConsultation.State.OBJECTED:
        if activity.status == Activity.Status.CONFIRMED:
            activity.status = Activity.Status.PLANNED
            activity.sequence += 1
            activity.save(update_fields=["status", "sequence", "updated_at"])
            audit.log(
                by,
                "activity.planned",
                activity,
                changes={"status": ["confirmed", "planned"], "because": f"objection by {consultation.team}"},
            )
        leads = [activity.lead] if activity.lead_id and activity.lead is not None else []
        _tell(
            leads,
            message=f"{answer} It cannot be confirmed or shown to the public until the objection is resolved "
            "with the team or overruled by the borough champion.",
            link=link,
            kind="activity.consultation_objected",
            subject=f"Objection: {activity.title}",
            extra=f"Their reason: {comment}\n\n",
        )
        _tell(
            ward_coordinators(consultation.ward),
            message=f"{answer} The objection waits to be resolved with the team or overruled by you.",
            link=link,
            kind="activity.consultation_objected",
            subject=f"Objection to settle: {activity.title} in {consultation.ward}",
            extra=f"Their reason: {comment}\n\n",
        )
    elif activity.lead_id and activity.lead is not None:
        notify.notify_user(activity.lead, answer, link=link, kind="activity.consultation_answered")
    refresh_consultation_hold(activity)
    return consultation


@transaction.atomic
def resolve_objection(*, consultation: PriorConsultation, by: Any, note: str) -> PriorConsultation:
    """The organiser and the team each agree how an objection is resolved; once both have, it is settled."""
    consultation = _locked(consultation)
    if consultation.state != PriorConsultation.State.OBJECTED:
        raise Conflict("Only an open objection can be resolved.")
    as_team = permissions.in_consulted_team(by, consultation) and not getattr(by, "is_superuser", False)
    as_organiser = permissions.is_organiser_of(by, consultation.activity)
    if not (as_team or as_organiser):
        raise NotAllowed("Only the organiser and the ward's neighbourhood team resolve an objection together.")
    note = (note or "").strip()
    if not note:
        raise ServiceError("Say what was agreed.", field="note")
    now = timezone.now()
    side = "the team" if as_team else "the organiser"
    consultation.resolution = f"{consultation.resolution}\n{side}: {note}".strip()
    if as_team:
        consultation.team_agreed_by, consultation.team_agreed_at = by, now
    if as_organiser:
        consultation.lead_agreed_by, consultation.lead_agreed_at = by, now
    settled = consultation.team_agreed_at is not None and consultation.lead_agreed_at is not None
    if settled:
        consultation.state = PriorConsultation.State.RESOLVED
    consultation.save()
    activity = consultation.activity
    audit.log(
        by,
        "activity.consultation_resolved" if settled else "activity.consultation_resolution_agreed",
        activity,
        changes={"team": str(consultation.team), "by": side, "note": note},
    )
    link = activity.get_absolute_url()
    if settled:
        leads = [activity.lead] if activity.lead_id and activity.lead is not None else []
        _tell(
            [*leads, *_team_users(consultation.team)],
            message=f"The objection of {consultation.team} to “{activity.title}” is resolved.",
            link=link,
            kind="activity.consultation_resolved",
            subject=f"Objection resolved: {activity.title}",
        )
    else:
        other = _team_users(consultation.team) if not as_team else ([activity.lead] if activity.lead else [])
        for user in other:
            notify.notify_user(
                user,
                f"{side.capitalize()} proposes how to resolve the objection to “{activity.title}”: {note}",
                link=link,
                kind="activity.consultation_resolution_agreed",
            )
    refresh_consultation_hold(activity)
    return consultation


@transaction.atomic
def overrule_objection(
    *, consultation: PriorConsultation, by: Any, reason: str, check_scope: bool = True
) -> PriorConsultation:
    """A coordinator for the ward (the borough champion) overrules an objection, with a recorded reason."""
    consultation = _locked(consultation)
    if check_scope and not permissions.coordinates_consulted_ward(by, consultation):
        raise NotAllowed(f"Only the engagement champion for {consultation.ward} can overrule this objection.")
    if (
        check_scope
        and not getattr(by, "is_superuser", False)
        and permissions.is_organiser_of(by, consultation.activity)
    ):
        raise NotAllowed("You organise this activity: another coordinator must overrule the objection.")
    if consultation.state != PriorConsultation.State.OBJECTED:
        raise Conflict("Only an open objection can be overruled.")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Give the reason for overruling the objection.", field="reason")
    user = by if getattr(by, "is_authenticated", False) else None
    consultation.state = PriorConsultation.State.OVERRULED
    consultation.resolution = f"{consultation.resolution}\noverruled: {reason}".strip()
    consultation.overruled_by = user
    consultation.overruled_at = timezone.now()
    consultation.save()
    activity = consultation.activity
    audit.log(
        by,
        "activity.consultation_overruled",
        activity,
        changes={"team": str(consultation.team), "objection": consultation.comment, "reason": reason},
    )
    leads = [activity.lead] if activity.lead_id and activity.lead is not None else []
    _tell(
        [*leads, *_team_users(consultation.team)],
        message=f"The objection of {consultation.team} to “{activity.title}” was overruled: {reason}",
        link=activity.get_absolute_url(),
        kind="activity.consultation_overruled",
        subject=f"Objection overruled: {activity.title}",
    )
    refresh_consultation_hold(activity)
    return consultation


def lapse_unanswered_consultations(*, now: datetime | None = None) -> int:
    """Past its deadline, an unanswered consultation counts as acknowledged; the ward's coordinator is told."""
    now = now or timezone.now()
    count = 0
    coordinators: dict[int, list[Any]] = {}  # per ward, for this run
    due = PriorConsultation.objects.filter(state=PriorConsultation.State.WAITING, respond_by__lte=now)
    for pk in list(due.values_list("pk", flat=True)[:5000]):
        with transaction.atomic():
            consultation = (
                PriorConsultation.objects.select_for_update(skip_locked=True)
                .select_related("activity", "team", "ward")
                .filter(pk=pk, state=PriorConsultation.State.WAITING)
                .first()
            )
            if consultation is None:
                continue
            consultation.state = PriorConsultation.State.LAPSED
            consultation.save(update_fields=["state"])
            activity = consultation.activity
            audit.log(
                "lapse_prior_consultations",
                "activity.consultation_lapsed",
                activity,
                changes={"team": str(consultation.team), "deadline": consultation.respond_by},
            )
            if consultation.ward_id not in coordinators:
                coordinators[consultation.ward_id] = ward_coordinators(consultation.ward)
            _tell(
                coordinators[consultation.ward_id],
                message=f"{consultation.team} did not answer the prior consultation on “{activity.title}” by its "
                "deadline: it counts as acknowledged.",
                link=activity.get_absolute_url(),
                kind="activity.consultation_lapsed",
                subject=f"No answer from {consultation.team}: {activity.title}",
            )
            refresh_consultation_hold(activity)
            count += 1
    return count


# ---------------------------------------------------------------- clash links


@transaction.atomic
def link_clash(*, activity: Activity, other: Activity, by: Any, kind: str, note: str = "") -> ActivityLink:
    """Record that the planner joined this activity up with a clashing one, or why both are needed."""
    if not permissions.can_edit(by, activity):
        raise NotAllowed("You cannot change this activity.")
    if other.pk == activity.pk:
        raise ServiceError("An activity cannot be linked to itself.", field="other")
    if kind not in ActivityLink.Kind.values:
        raise ServiceError("Choose joined up or both needed.", field="kind")
    note = (note or "").strip()
    if kind == ActivityLink.Kind.BOTH_NEEDED and not note:
        raise ServiceError("Say why both activities are needed.", field="note")
    link, _ = ActivityLink.objects.update_or_create(
        activity=activity, other=other, defaults={"kind": kind, "note": note, "created_by": by}
    )
    audit.log(by, f"activity.link_{kind}", activity, changes={"other": str(other), "note": note})
    return link


# ---------------------------------------------------------------- administration


@transaction.atomic
def save_fatigue_settings(*, by: Any, data: dict[str, Any]) -> FatigueSettings:
    if not permissions.can_administer(by):
        raise NotAllowed("Only administrators set fatigue thresholds.")
    settings_row = FatigueSettings.objects.select_for_update().first() or FatigueSettings()
    before = audit.snapshot(settings_row) if settings_row.pk else {}
    if data["medium_4w"] > data["high_4w"] or data["medium_12w"] > data["high_12w"]:
        raise ServiceError("The medium threshold cannot be above the high one.", field="medium_4w")
    if data.get("medium_percentile", 75) >= data.get("high_percentile", 95):
        raise ServiceError("The medium percentile must be below the high one.", field="medium_percentile")
    for key, value in data.items():
        setattr(settings_row, key, value)
    settings_row.save()
    audit.log(
        by, "activity.fatigue_settings_changed", settings_row, changes=audit.diff(before, audit.snapshot(settings_row))
    )
    return settings_row


@transaction.atomic
def save_minimum_standard(*, by: Any, standard: MinimumStandard | None, data: dict[str, Any]) -> MinimumStandard:
    if not permissions.can_administer(by):
        raise NotAllowed("Only administrators define minimum standards.")
    if not str(data.get("name") or "").strip():
        raise ServiceError("Enter a name.", field="name")
    if (data.get("min_count") or 0) < 1 or (data.get("period_days") or 0) < 1:
        raise ServiceError("The count and period must be at least 1.", field="min_count")
    standard = standard or MinimumStandard()
    before = audit.snapshot(standard) if standard.pk else {}
    for key, value in data.items():
        setattr(standard, key, value)
    standard.save()
    audit.log(by, "activity.standard_saved", standard, changes=audit.diff(before, audit.snapshot(standard)))
    return standard


def quarter_start(day: date) -> date:
    """First day of the calendar quarter `day` falls in."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def completed_quarters(today: date, count: int) -> list[date]:
    """The first days of the last `count` complete calendar quarters before `today`, oldest first."""
    starts = []
    q = quarter_start(today)
    for _ in range(count):
        q = quarter_start(q - timedelta(days=1))
        starts.append(q)
    return sorted(starts)


@transaction.atomic
def record_standard_baselines(*, quarters: int = 1, today: date | None = None, by: Any = None) -> int:
    """Record, once, whether each borough met each active standard at the end of each of the last complete
    quarters. A recorded quarter is never recomputed: it is the baseline the board compares against."""
    today = today or timezone.localdate()
    standards = list(MinimumStandard.objects.filter(is_active=True).select_related("community"))
    boroughs = list(Borough.objects.prefetch_related("wards"))
    made = 0
    for q in completed_quarters(today, quarters):
        end = quarter_start(q + timedelta(days=100))
        at = timezone.make_aware(datetime.combine(end, datetime.min.time()))
        done = set(StandardBaseline.objects.filter(quarter_start=q).values_list("standard_id", "borough_id"))
        rows = []
        for st in standards:
            for borough in boroughs:
                if (st.pk, borough.pk) in done:
                    continue
                r = standard_result(st, borough, at=at)
                rows.append(
                    StandardBaseline(
                        standard=st,
                        borough=borough,
                        quarter_start=q,
                        met=r.met,
                        count=r.count,
                        wards_total=r.wards_total,
                        wards_short=len(r.short_wards) if r.wards_total is not None else None,
                        detail=r.detail[:500],
                        evidence=r.evidence_ids[:1000],
                    )
                )
        StandardBaseline.objects.bulk_create(rows, ignore_conflicts=True)
        if rows:
            audit.log(
                by or "record_standard_baselines",
                "activity.standard_baselines_recorded",
                None,
                changes={"quarter": q.isoformat(), "rows": len(rows), "met": sum(1 for r in rows if r.met)},
            )
        made += len(rows)
    return made


@transaction.atomic
def save_community(*, by: Any, community: CommunityOfInterest | None, data: dict[str, Any]) -> CommunityOfInterest:
    from django.utils.text import slugify

    if not permissions.can_administer(by):
        raise NotAllowed("Only administrators manage the list of communities of interest.")
    name = str(data.get("name") or "").strip()
    if not name:
        raise ServiceError("Enter a name.", field="name")
    clash = CommunityOfInterest.objects.filter(name__iexact=name)
    if community is not None:
        clash = clash.exclude(pk=community.pk)
    if clash.exists():
        raise ServiceError("A community of interest with that name already exists.", field="name")
    community = community or CommunityOfInterest(slug=slugify(name)[:120] or "community")
    before = audit.snapshot(community) if community.pk else {}
    community.name = name
    community.description = str(data.get("description") or "").strip()
    community.is_active = bool(data.get("is_active", True))
    if not community.pk:
        base, n = community.slug, 1
        while CommunityOfInterest.objects.filter(slug=community.slug).exists():
            n += 1
            community.slug = f"{base}-{n}"
    community.save()
    audit.log(by, "activity.community_saved", community, changes=audit.diff(before, audit.snapshot(community)))
    return community


@transaction.atomic
def record_operation(*, by: Any, data: dict[str, Any]) -> Operation:
    """Record a high-impact operation so reassurance activities can be planned before and after it."""
    if not permissions.can_plan(by):
        raise NotAllowed("Your role does not allow you to plan activities.")
    if not str(data.get("name") or "").strip():
        raise ServiceError("Enter the operation's name.", field="name")
    unit = data.get("organising_unit")
    if unit is None or not units_for(by, Capability.PLAN_ACTIVITY).filter(pk=unit.pk).exists():
        raise ServiceError("Choose a unit you work for.", field="organising_unit")
    if data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise ServiceError("The end must be on or after the start.", field="ends_on")
    boroughs = data.pop("boroughs", [])
    operation = Operation.objects.create(**data)
    operation.boroughs.set(boroughs)
    audit.log(by, "activity.operation_recorded", operation, changes=audit.snapshot(operation))
    return operation
