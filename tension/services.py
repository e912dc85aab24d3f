"""Changes to tension records, each audited in its own transaction; reads are audited too (`note_read`).

Every function checks its rule in `tension.permissions` and raises `NotAllowed` (403) or `ServiceError` (400)
naming the field, so the page, the API and any script meet the same refusal.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from activities.queries import visible_activities
from core import audit, bounds
from core.errors import Conflict, NotAllowed, ServiceError
from organisations.scope import units_for
from places.models import Borough, Ward
from tension import permissions, scale
from tension.models import (
    Advice,
    AdvisoryMember,
    Assessment,
    ImpactAssessment,
    Incident,
    Item,
    TimelineEntry,
)


def week_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def this_week() -> date:
    return week_of(timezone.localdate())


def note_read(user: Any, obj: models.Model | None, what: str, note: str = "") -> None:
    """Every read of restricted tension information is audited: who, what and when."""
    audit.log(user, f"tension.read.{what}", obj, note=note)


def _check_week(week: Any, field: str = "week_starting") -> date:
    if not isinstance(week, date):
        raise ServiceError("Give the week's date.", field=field)
    if not bounds.EARLIEST_DATE <= week <= bounds.LATEST_DATE:
        raise ServiceError(f"Give a week {bounds.DATE_RANGE}.", field=field)
    return week_of(week)


def _check_level(level: Any, field: str = "level") -> int:
    if isinstance(level, bool) or not isinstance(level, int) or level not in scale.BY_VALUE:
        raise ServiceError(f"Give a level on the scale: {scale.SCALE_TEXT}.", field=field)
    return level


def _check_choice(value: Any, choices: type[models.TextChoices], field: str, what: str) -> str:
    if not value:
        raise ServiceError(f"Choose the {what}.", field=field)
    if value not in choices.values:
        raise ServiceError(f"Choose a {what} from the list.", field=field)
    return str(value)


def _check_text(value: Any, field: str, what: str, *, required: bool = True) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if required and not text:
        raise ServiceError(f"Enter {what}.", field=field)
    if len(text) > bounds.MAX_TEXT:
        raise ServiceError(f"{what.capitalize()} must be at most {bounds.MAX_TEXT:,} characters.", field=field)
    return text


# ---------------------------------------------------------------- assessments


@transaction.atomic
def start_assessment(
    *, by: Any, borough: Borough | None, week: date, level: int, trend: str, summary: str = ""
) -> Assessment:
    if not permissions.leads_area(by, borough.pk if borough else None):
        raise NotAllowed("Only the tension lead for this area may start its assessment.", field="borough")
    week = _check_week(week)
    assessment = Assessment(
        borough=borough,
        week_starting=week,
        level=_check_level(level),
        trend=_check_choice(trend, Assessment.Trend, "trend", "trend"),
        summary=_check_text(summary, "summary", "the summary", required=False),
        created_by=by,
    )
    if Assessment.objects.filter(borough=borough, week_starting=week).exists():
        raise Conflict(f"{assessment.area_name} already has an assessment for the week of {week:%-d %B %Y}.")
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError as exc:
        raise Conflict("That week's assessment was started by someone else a moment ago.") from exc
    audit.log(by, "tension.assessment.add", assessment, changes=audit.snapshot(assessment))
    return assessment


@transaction.atomic
def review_assessment(
    *, by: Any, assessment: Assessment, level: int, trend: str, summary: str, review_note: str = ""
) -> Assessment:
    if not permissions.can_lead(by, assessment):
        raise NotAllowed("Only the tension lead for this area may review its assessment.")
    before = audit.snapshot(assessment)
    assessment.level = _check_level(level)
    assessment.trend = _check_choice(trend, Assessment.Trend, "trend", "trend")
    assessment.summary = _check_text(summary, "summary", "the summary", required=False)
    assessment.review_note = _check_text(review_note, "review_note", "the review note", required=False)
    assessment.reviewed_by = by
    assessment.save()
    audit.log(by, "tension.assessment.review", assessment, changes=audit.diff(before, audit.snapshot(assessment)))
    return assessment


@transaction.atomic
def publish_assessment(*, by: Any, assessment: Assessment) -> Assessment:
    if not permissions.can_lead(by, assessment):
        raise NotAllowed("Only the tension lead for this area may publish its assessment.")
    if assessment.status == Assessment.Status.PUBLISHED:
        raise Conflict("This assessment is already published.")
    assessment.status = Assessment.Status.PUBLISHED
    assessment.reviewed_by = by
    assessment.published_at = timezone.now()
    assessment.save(update_fields=["status", "reviewed_by", "published_at", "updated_at"])
    audit.log(by, "tension.assessment.publish", assessment, changes={"status": ["draft", "published"]})
    return assessment


# ---------------------------------------------------------------- items


@transaction.atomic
def add_item(*, by: Any, borough: Borough | None, data: dict[str, Any]) -> Item:
    """An item of information for a borough's (or London's) assessment of a week.

    `data`: category, source_type, reliability, text, week (a date), wards, communities (lists of objects).
    """
    if not permissions.can_contribute_to(by, borough):
        area = borough.name if borough else "London as a whole"
        raise NotAllowed(
            f"You may not give tension information for {area}: only for your own borough.", field="borough"
        )
    wards: list[Ward] = list(data.get("wards") or [])
    if len(wards) > bounds.MAX_LIST:
        raise ServiceError(f"Name at most {bounds.MAX_LIST} wards.", field="wards")
    if borough is not None and any(w.borough_id != borough.pk for w in wards):
        raise ServiceError(f"Every ward must be in {borough.name}.", field="wards")
    communities = list(data.get("communities") or [])
    incident = data.get("incident")
    if incident is not None and not permissions.can_run_incident(by, incident):
        raise NotAllowed("Only tension leads for the incident's boroughs link items to it.", field="incident")
    units = units_for(by, permissions.CONTRIBUTE) or units_for(by, permissions.LEAD)
    item = Item(
        borough=borough,
        week_starting=_check_week(data.get("week") or this_week(), "week"),
        category=_check_choice(data.get("category"), Item.Category, "category", "category"),
        source_type=_check_choice(data.get("source_type"), Item.Source, "source_type", "source type"),
        reliability=_check_choice(data.get("reliability"), Item.Reliability, "reliability", "reliability grading"),
        text=_check_text(data.get("text"), "text", "what is known"),
        contributed_by=by,
        contributor_unit=units.first(),
        incident=incident,
    )
    item.save()
    item.wards.set(wards)
    item.communities.set(communities)
    audit.log(by, "tension.item.add", item, changes=audit.snapshot(item))
    return item


# ---------------------------------------------------------------- incidents (tier 3)


def _check_incident_places(by: Any, boroughs: list[Borough]) -> None:
    if not boroughs:
        raise ServiceError("Choose at least one borough.", field="boroughs")
    if not all(permissions.leads_area(by, b.pk) for b in boroughs):
        raise NotAllowed("You may only record incidents in boroughs you lead on.", field="boroughs")


@transaction.atomic
def record_incident(*, by: Any, data: dict[str, Any]) -> Incident:
    boroughs = list(data.get("boroughs") or [])
    _check_incident_places(by, boroughs)
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts, date):
        raise ServiceError("Give the day it starts.", field="starts_on")
    if ends is not None and ends < starts:
        raise ServiceError("The last day must be on or after the first day.", field="ends_on")
    incident = Incident(
        title=_check_text(data.get("title"), "title", "a title")[:200],
        kind=_check_choice(data.get("kind"), Incident.Kind, "kind", "kind of incident or event"),
        description=_check_text(data.get("description"), "description", "the description", required=False),
        starts_on=starts,
        ends_on=ends,
        gold_commander=(data.get("gold_commander") or "")[:200],
        silver_commander=(data.get("silver_commander") or "")[:200],
        created_by=by,
    )
    incident.full_clean(exclude=["boroughs", "wards", "communities", "engagement"])
    incident.save()
    incident.boroughs.set(boroughs)
    incident.wards.set(data.get("wards") or [])
    incident.communities.set(data.get("communities") or [])
    audit.log(by, "tension.incident.add", incident, changes=audit.snapshot(incident))
    return incident


def _runner(by: Any, incident: Incident) -> None:
    if not permissions.can_run_incident(by, incident):
        raise NotAllowed("Only tension leads for the incident's boroughs may change its record.")


@transaction.atomic
def add_impact_assessment(*, by: Any, incident: Incident, data: dict[str, Any]) -> ImpactAssessment:
    _runner(by, incident)
    assessed, review = data.get("assessed_on"), data.get("next_review_on")
    if not isinstance(assessed, date):
        raise ServiceError("Give the day of the assessment.", field="assessed_on")
    if not isinstance(review, date) or review < assessed:
        raise ServiceError("Give the next review date, on or after the assessment.", field="next_review_on")
    cia = ImpactAssessment(
        incident=incident,
        assessed_on=assessed,
        next_review_on=review,
        level=_check_level(data.get("level")),
        background=_check_text(data.get("background"), "background", "the background"),
        communities_affected=_check_text(
            data.get("communities_affected"), "communities_affected", "the communities affected"
        ),
        impact=_check_text(data.get("impact"), "impact", "the likely impact"),
        risks=_check_text(data.get("risks"), "risks", "the risks", required=False),
        mitigation=_check_text(data.get("mitigation"), "mitigation", "the mitigation", required=False),
        author=by,
    )
    cia.full_clean(exclude=["incident"])
    cia.save()
    audit.log(by, "tension.cia.add", cia, changes=audit.snapshot(cia))
    return cia


@transaction.atomic
def add_adviser(*, by: Any, incident: Incident, data: dict[str, Any]) -> AdvisoryMember:
    _runner(by, incident)
    member = AdvisoryMember(
        incident=incident,
        name=_check_text(data.get("name"), "name", "the adviser's name")[:150],
        kind=_check_choice(data.get("kind"), AdvisoryMember.Kind, "kind", "kind of adviser"),
        affiliation=(data.get("affiliation") or "")[:200],
        briefed_on=data.get("briefed_on"),
    )
    member.full_clean(exclude=["incident"])
    member.save()
    audit.log(by, "tension.adviser.add", member, changes=audit.snapshot(member))
    return member


@transaction.atomic
def add_advice(*, by: Any, incident: Incident, data: dict[str, Any]) -> Advice:
    _runner(by, incident)
    adviser = data.get("adviser")
    if adviser is not None and adviser.incident_id != incident.pk:
        raise ServiceError("Choose an adviser of this incident's cell.", field="adviser")
    advice = Advice(
        incident=incident,
        adviser=adviser,
        given_on=data.get("given_on") or timezone.localdate(),
        advice=_check_text(data.get("advice"), "advice", "the advice given"),
        decision=_check_text(data.get("decision"), "decision", "the decision", required=False),
        decided_by=(data.get("decided_by") or "")[:200],
    )
    advice.full_clean(exclude=["incident", "adviser"])
    advice.save()
    audit.log(by, "tension.advice.add", advice, changes=audit.snapshot(advice))
    return advice


@transaction.atomic
def record_decision(*, by: Any, advice: Advice, decision: str, decided_by: str) -> Advice:
    _runner(by, advice.incident)
    before = audit.snapshot(advice)
    advice.decision = _check_text(decision, "decision", "the decision taken")
    advice.decided_by = (decided_by or "")[:200]
    advice.save(update_fields=["decision", "decided_by"])
    audit.log(by, "tension.advice.decide", advice, changes=audit.diff(before, audit.snapshot(advice)))
    return advice


@transaction.atomic
def add_timeline_entry(*, by: Any, incident: Incident, data: dict[str, Any]) -> TimelineEntry:
    _runner(by, incident)
    at = data.get("at")
    if not isinstance(at, datetime):
        raise ServiceError("Give the date and time.", field="at")
    activity = None
    if data.get("activity_id"):
        activity = visible_activities(by).filter(pk=data["activity_id"]).first()
        if activity is None:
            raise ServiceError("No activity with that number in the register that you can see.", field="activity_id")
    kind = _check_choice(data.get("kind"), TimelineEntry.Kind, "kind", "kind of entry")
    if kind == TimelineEntry.Kind.PATROL and activity is None:
        raise ServiceError(
            "A reassurance patrol is recorded in the engagement register: give its activity number.",
            field="activity_id",
        )
    entry = TimelineEntry(
        incident=incident,
        at=at,
        kind=kind,
        text=_check_text(data.get("text"), "text", "what happened"),
        activity=activity,
        recorded_by=by,
    )
    entry.full_clean(exclude=["incident", "activity"])
    entry.save()
    if activity is not None:
        incident.engagement.add(activity)
    audit.log(by, "tension.timeline.add", entry, changes=audit.snapshot(entry))
    return entry


@transaction.atomic
def close_incident(*, by: Any, incident: Incident, debrief: str) -> Incident:
    _runner(by, incident)
    before = audit.snapshot(incident)
    incident.debrief = _check_text(debrief, "debrief", "the debrief")
    incident.status = Incident.Status.CLOSED
    if incident.ends_on is None:
        incident.ends_on = max(timezone.localdate(), incident.starts_on)
    incident.save()
    audit.log(by, "tension.incident.close", incident, changes=audit.diff(before, audit.snapshot(incident)))
    return incident


# ---------------------------------------------------------------- personal data


def export_personal_data(user: Any) -> dict[str, Any]:
    items = Item.objects.filter(contributed_by=user).order_by("pk")
    return {
        "tension_items_given": [
            {"id": i.pk, "week_starting": i.week_starting.isoformat(), "category": i.category, "text": i.text}
            for i in items
        ]
    }


@transaction.atomic
def erase_personal_data(user: Any) -> int:
    """Items stay (they are the service's record of tension), without the name of who gave them."""
    n = Item.objects.filter(contributed_by=user).update(contributed_by=None)
    n += Assessment.objects.filter(created_by=user).update(created_by=None)
    n += Assessment.objects.filter(reviewed_by=user).update(reviewed_by=None)
    n += TimelineEntry.objects.filter(recorded_by=user).update(recorded_by=None)
    n += ImpactAssessment.objects.filter(author=user).update(author=None)
    n += Incident.objects.filter(created_by=user).update(created_by=None)
    return n
