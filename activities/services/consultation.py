"""Prior consultation (action 3.6): the wards' teams asked first, their answers and objections, and lapses."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from activities import permissions
from activities.models import Activity, PriorConsultation
from activities.services.footprint import _invalidate_pages
from core import audit
from core.errors import Conflict, NotAllowed, ServiceError
from notifications import notify
from organisations import queries
from organisations.models import Unit
from organisations.scope import ROLE_CAPABILITIES, Capability, scope_for
from places.models import Ward


def _team_users(team: Unit) -> list[Any]:
    return queries.active_members_of(team)


def ward_coordinators(ward: Ward) -> list[Any]:
    """The coordinators told about a ward's consultations: those whose area covers the ward but not all of
    London (the borough champion); London-wide coordinators only when the borough has none."""
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.COORDINATE in caps]
    local: dict[int, Any] = {}
    london: dict[int, Any] = {}
    for user in queries.people_with_roles(roles):
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
