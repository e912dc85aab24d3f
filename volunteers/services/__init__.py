"""Writes for volunteers and deployments, each audited in its own transaction.

Volunteers and training; opportunities (each also an activity in the engagement register); invitations and
answers (the last place cannot be taken twice: the opportunity's row is locked); shifts with check-in and out;
hours logged and approved; outputs recorded. Outreach campaigns: `volunteers.services.outreach`.
"""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from activities.services import record_activity
from core import audit
from core.errors import Conflict, NotAllowed, ServiceError
from languages import choices
from places.models import Borough, Ward
from volunteers import distance, matching, permissions
from volunteers.models import (
    MAX_HOURS,
    HoursLog,
    Invitation,
    Opportunity,
    Output,
    Shift,
    TrainingRecord,
    Volunteer,
)

CHECK_IN_EARLY = timedelta(hours=2)
VOLUNTEER_FIELDS = (
    "name",
    "email",
    "phone",
    "kind",
    "home_borough",
    "home_postcode",
    "started_on",
    "available_weekdays",
    "available_weekends",
    "available_evenings",
    "vetting_level",
    "vetting_expires_on",
    "status",
    "date_of_birth",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
    "user",
    "email_language",
    "notes",
)
OPPORTUNITY_FIELDS = (
    "title",
    "description",
    "method",
    "unit",
    "starts_at",
    "ends_at",
    "places",
    "language",
    "min_vetting",
    "min_age",
    "max_age",
    "lone_working",
    "contact_officer",
)


def check(instance: models.Model, exclude: list[str] | None = None) -> None:
    """The model's own bounds and constraints, as a ServiceError naming the first field at fault."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        errors = exc.message_dict
        name = next(iter(errors))
        label = name.replace("_", " ").capitalize() if name != "__all__" else ""
        message = errors[name][0]
        raise ServiceError(
            f"{label}: {message}" if label else message, field=None if name == "__all__" else name
        ) from exc


def _unknown(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ServiceError(f"Unknown field: {', '.join(unknown)}.", field=unknown[0])


# ---------------------------------------------------------------- volunteers


@transaction.atomic
def save_volunteer(
    *, by: Any, data: dict[str, Any], volunteer: Volunteer | None = None, skills: Any = None, languages: Any = None
) -> Volunteer:
    _unknown(data, VOLUNTEER_FIELDS)
    creating = volunteer is None
    if volunteer is not None and not permissions.can_manage_volunteer(by, volunteer):
        raise NotAllowed("This volunteer is outside the boroughs you coordinate.")
    before = audit.snapshot(volunteer) if volunteer is not None else {}
    volunteer = volunteer or Volunteer()
    for key, value in data.items():
        setattr(volunteer, key, value.strip() if isinstance(value, str) else value)
    if not volunteer.name:
        raise ServiceError("Enter the volunteer's name.", field="name")
    if volunteer.home_borough_id is None:
        raise ServiceError("Choose the volunteer's home borough.", field="home_borough")
    if not permissions.can_manage_volunteer(by, volunteer):
        raise NotAllowed("That home borough is outside the boroughs you coordinate.")
    volunteer.home_postcode = distance.clean_postcode(volunteer.home_postcode, volunteer.home_borough_id)
    volunteer.home_latitude, volunteer.home_longitude = distance.home_position(volunteer) or (None, None)
    if volunteer.kind == Volunteer.Kind.CADET and volunteer.date_of_birth is None:
        raise ServiceError("A volunteer police cadet needs a date of birth.", field="date_of_birth")
    if volunteer.vetting_level > 0 and volunteer.vetting_expires_on is None:
        raise ServiceError("Give the date the vetting expires.", field="vetting_expires_on")
    if "email_language" in data and volunteer.email_language not in dict(
        choices.email_choices(keep=str(before.get("email_language") or ""))
    ):
        raise ServiceError("Choose a language the public site is offered in.", field="email_language")
    check(volunteer, exclude=["user"])
    volunteer.save()
    if skills is not None:
        volunteer.skills.set(skills)
    if languages is not None:
        volunteer.languages.set(languages)
    after = audit.snapshot(volunteer)
    audit.log(
        by,
        "volunteer.added" if creating else "volunteer.changed",
        volunteer,
        changes=after if creating else audit.diff(before, after),
    )
    return volunteer


@transaction.atomic
def add_training(*, by: Any, volunteer: Volunteer, data: dict[str, Any]) -> TrainingRecord:
    if not permissions.can_manage_volunteer(by, volunteer):
        raise NotAllowed("This volunteer is outside the boroughs you coordinate.")
    _unknown(data, ("course", "completed_on", "expires_on"))
    record = TrainingRecord(volunteer=volunteer, **data)
    if not str(record.course or "").strip():
        raise ServiceError("Enter the course.", field="course")
    check(record)
    record.save()
    audit.log(by, "volunteer.training_recorded", volunteer, changes=audit.snapshot(record))
    return record


# ---------------------------------------------------------------- opportunities


def _place_ids(boroughs: list[Borough], wards: list[Ward]) -> set[int]:
    return {b.pk for b in boroughs} | {w.borough_id for w in wards}


def validate_opportunity(opportunity: Opportunity) -> None:
    """An opportunity's own rules (time, ages, lone working, bounds), as a ServiceError naming the field."""
    for name, label in (("title", "a title"), ("description", "what volunteers will do")):
        value = str(getattr(opportunity, name) or "").strip()
        if not value:
            raise ServiceError(f"Enter {label}.", field=name)
        setattr(opportunity, name, value)
    if not isinstance(opportunity.starts_at, datetime) or not isinstance(opportunity.ends_at, datetime):
        raise ServiceError("Enter when it starts and ends.", field="starts_at")
    if opportunity.ends_at <= opportunity.starts_at:
        raise ServiceError("The end must be after the start.", field="ends_at")
    if opportunity.ends_at - opportunity.starts_at > timedelta(days=7):
        raise ServiceError("One deployment lasts at most a week; post a longer one as several.", field="ends_at")
    if opportunity.lone_working and not opportunity.contact_officer.strip():
        raise ServiceError("Lone working needs a named contact officer.", field="contact_officer")
    if (
        opportunity.min_age is not None
        and opportunity.max_age is not None
        and opportunity.min_age > opportunity.max_age
    ):
        raise ServiceError("The minimum age must not be above the maximum age.", field="max_age")
    check(opportunity, exclude=["activity", "created_by"])


@transaction.atomic
def post_opportunity(
    *,
    by: Any,
    data: dict[str, Any],
    boroughs: list[Borough] | None = None,
    wards: list[Ward] | None = None,
    skills: Any = (),
) -> Opportunity:
    """Post an opportunity and record it in the engagement register as an activity."""
    _unknown(data, OPPORTUNITY_FIELDS)
    boroughs, wards = list(boroughs or []), list(wards or [])
    if not permissions.can_post_in(by, _place_ids(boroughs, wards)):
        raise NotAllowed("That opportunity is outside the boroughs you coordinate.")
    opportunity = Opportunity(created_by=by if getattr(by, "is_authenticated", False) else None, **data)
    validate_opportunity(opportunity)
    opportunity.save()
    opportunity.boroughs.set(boroughs)
    opportunity.wards.set(wards)
    opportunity.skills.set(skills)
    opportunity.activity = record_activity(
        by=by,
        data={
            "title": f"Volunteer deployment: {opportunity.title}"[:200],
            "purpose": opportunity.description,
            "method": opportunity.method,
            "tier": Activity.Tier.EVENT,
            "organising_unit": opportunity.unit,
            "starts_at": opportunity.starts_at,
            "ends_at": opportunity.ends_at,
            "wards": wards,
            "boroughs": boroughs,
            "london_wide": not (wards or boroughs),
            "is_public": False,
        },
        check_scope=False,  # the coordinator's area was checked above, by the volunteers' own rule
    )
    opportunity.save(update_fields=["activity"])
    audit.log(
        by,
        "volunteer_opportunity.posted",
        opportunity,
        changes={
            **audit.snapshot(opportunity),
            "boroughs": [str(b) for b in boroughs],
            "wards": [str(w) for w in wards],
            "skills": [str(s) for s in opportunity.skills.all()],
        },
    )
    return opportunity


@transaction.atomic
def invite(*, by: Any, opportunity: Opportunity, volunteers: list[Volunteer]) -> tuple[list[Invitation], list[str]]:
    """Invite each volunteer who may take a place; returns the invitations and, in words, who was refused."""
    if not permissions.can_run_opportunity(by, opportunity):
        raise NotAllowed("This opportunity is outside the boroughs you coordinate.")
    if opportunity.is_cancelled:
        raise Conflict("This opportunity has been cancelled.", field="volunteers")
    if opportunity.ends_at <= timezone.now():
        raise ServiceError("This opportunity has ended.", field="volunteers")
    if not volunteers:
        raise ServiceError("Choose at least one volunteer to invite.", field="volunteers")
    invited, refused = [], []
    already = set(opportunity.invitations.values_list("volunteer_id", flat=True))
    for volunteer in volunteers:
        if volunteer.pk in already:
            refused.append(f"{volunteer.name} has already been invited.")
            continue
        reason = matching.refusal(volunteer, opportunity)
        if reason:
            refused.append(reason)
            continue
        invitation = Invitation.objects.create(opportunity=opportunity, volunteer=volunteer)
        audit.log(by, "volunteer.invited", invitation, changes={"volunteer": volunteer.pk})
        invited.append(invitation)
    return invited, refused


@transaction.atomic
def answer(*, by: Any, invitation: Invitation, accept: bool) -> Invitation:
    """A volunteer accepts or declines. The opportunity's row is locked, so two people answering at once
    cannot both take the last place."""
    opportunity = Opportunity.objects.select_for_update().get(pk=invitation.opportunity_id)
    invitation = Invitation.objects.select_for_update().select_related("volunteer").get(pk=invitation.pk)
    volunteer = invitation.volunteer
    if volunteer.user_id is None or volunteer.user_id != getattr(by, "pk", None):
        raise NotAllowed(_("Only the volunteer invited can answer."))
    if invitation.status != Invitation.Status.INVITED:
        raise Conflict(
            _("You have already accepted this invitation.")
            if invitation.status == Invitation.Status.ACCEPTED
            else _("You have already declined this invitation.")
        )
    if opportunity.is_cancelled:
        raise Conflict(_("This opportunity has been cancelled."))
    if opportunity.ends_at <= timezone.now():
        raise Conflict(_("This opportunity has ended."))
    if accept:
        taken = opportunity.invitations.filter(status=Invitation.Status.ACCEPTED).count()
        if taken >= opportunity.places:
            raise Conflict(_("Sorry, every place on this opportunity has been taken."))
        if matching.overlapping_shifts(volunteer.pk, opportunity.starts_at, opportunity.ends_at).exists():
            raise Conflict(_("You already have a shift that overlaps this one."))
        reason = matching.refusal(volunteer, opportunity, check_shifts=False)
        if reason:
            raise ServiceError(reason)
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    if accept:
        Shift.objects.create(
            invitation=invitation,
            opportunity=opportunity,
            volunteer=volunteer,
            starts_at=opportunity.starts_at,
            ends_at=opportunity.ends_at,
        )
    audit.log(by, "volunteer.accepted" if accept else "volunteer.declined", invitation)
    return invitation


# ---------------------------------------------------------------- shifts, hours, outputs


def _own(by: Any, volunteer: Volunteer) -> bool:
    return volunteer.user_id is not None and volunteer.user_id == getattr(by, "pk", None)


@transaction.atomic
def check_in(*, by: Any, shift: Shift, now: datetime | None = None) -> Shift:
    shift = Shift.objects.select_for_update().select_related("volunteer").get(pk=shift.pk)
    if not (_own(by, shift.volunteer) or permissions.can_manage_volunteer(by, shift.volunteer)):
        raise NotAllowed(_("This is not your shift."))
    now = now or timezone.now()
    if shift.checked_in_at:
        raise Conflict(_("You have already checked in to this shift."))
    if now < shift.starts_at - CHECK_IN_EARLY:
        raise ServiceError(_("Check in on the day: at most two hours before the shift starts."))
    if now > shift.ends_at:
        raise ServiceError(_("This shift has ended; log your hours instead."))
    shift.checked_in_at = now
    shift.save(update_fields=["checked_in_at"])
    audit.log(by, "volunteer.checked_in", shift)
    return shift


@transaction.atomic
def check_out(*, by: Any, shift: Shift, now: datetime | None = None) -> Shift:
    shift = Shift.objects.select_for_update().select_related("volunteer").get(pk=shift.pk)
    if not (_own(by, shift.volunteer) or permissions.can_manage_volunteer(by, shift.volunteer)):
        raise NotAllowed(_("This is not your shift."))
    if shift.checked_in_at is None:
        raise Conflict(_("Check in before you check out."))
    if shift.checked_out_at:
        raise Conflict(_("You have already checked out of this shift."))
    shift.checked_out_at = max(now or timezone.now(), shift.checked_in_at)
    shift.save(update_fields=["checked_out_at"])
    audit.log(by, "volunteer.checked_out", shift)
    return shift


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ServiceError(_("Enter the hours as a number, like 3.5."), field="hours") from exc
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
        raise ServiceError(
            _("Enter the hours as a number more than 0 and at most %(most)s.") % {"most": MAX_HOURS}, field="hours"
        )
    return hours.quantize(Decimal("0.01"))


@transaction.atomic
def log_hours(*, by: Any, volunteer: Volunteer, data: dict[str, Any], shift: Shift | None = None) -> HoursLog:
    if not (_own(by, volunteer) or permissions.can_manage_volunteer(by, volunteer)):
        raise NotAllowed(_("You can only log your own hours."))
    _unknown(data, ("worked_on", "hours", "note"))
    if shift is not None and shift.volunteer_id != volunteer.pk:
        raise NotAllowed(_("This is not your shift."))
    worked_on = data.get("worked_on")
    if worked_on is None:
        raise ServiceError(_("Enter the day you volunteered."), field="worked_on")
    if worked_on > timezone.localdate():
        raise ServiceError(_("You cannot log hours for a day that has not happened yet."), field="worked_on")
    log = HoursLog(
        volunteer=volunteer,
        shift=shift,
        worked_on=worked_on,
        hours=_hours(data.get("hours")),
        note=data.get("note", ""),
    )
    check(log, exclude=["approved_by", "shift"])
    log.save()
    audit.log(by, "volunteer.hours_logged", volunteer, changes={"hours": log.hours, "worked_on": log.worked_on})
    return log


@transaction.atomic
def approve_hours(*, by: Any, log: HoursLog) -> HoursLog:
    log = HoursLog.objects.select_for_update().select_related("volunteer").get(pk=log.pk)
    if not permissions.can_manage_volunteer(by, log.volunteer):
        raise NotAllowed("This volunteer is outside the boroughs you coordinate.")
    if log.approved_at:
        raise Conflict(_("These hours are already approved."))
    log.approved_by, log.approved_at = by, timezone.now()
    log.save(update_fields=["approved_by", "approved_at"])
    audit.log(by, "volunteer.hours_approved", log.volunteer, changes={"hours": log.hours, "log": log.pk})
    return log


@transaction.atomic
def record_output(*, by: Any, opportunity: Opportunity, data: dict[str, Any], shift: Shift | None = None) -> Output:
    """What a deployment produced, by type and place (a borough of the opportunity, or any for London-wide)."""
    if shift is not None:
        if shift.opportunity_id != opportunity.pk or not (
            _own(by, shift.volunteer) or permissions.can_run_opportunity(by, opportunity)
        ):
            raise NotAllowed(_("This is not your shift."))
    elif not permissions.can_run_opportunity(by, opportunity):
        raise NotAllowed("This opportunity is outside the boroughs you coordinate.")
    _unknown(data, ("kind", "count", "borough", "ward", "recorded_on"))
    kind, count, borough, ward = data.get("kind"), data.get("count"), data.get("borough"), data.get("ward")
    if kind not in Output.Kind.values:
        raise ServiceError(_("Choose what was produced from the list."), field="kind")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ServiceError(_("Enter how many as a whole number, 0 or more."), field="count")
    places = permissions.opportunity_boroughs(opportunity)
    if ward is not None and borough is None:
        borough = ward.borough
    if not isinstance(borough, Borough):
        raise ServiceError(_("Choose the borough."), field="borough")
    if places and borough.pk not in places:
        raise ServiceError(_("Choose a borough this deployment covers."), field="borough")
    if ward is not None and ward.borough_id != borough.pk:
        raise ServiceError(_("That ward is not in the borough chosen."), field="ward")
    recorded_on = data.get("recorded_on") or timezone.localdate()
    if recorded_on > timezone.localdate():
        raise ServiceError(_("The day cannot be in the future."), field="recorded_on")
    output = Output(
        opportunity=opportunity,
        shift=shift,
        kind=kind,
        count=count,
        borough=borough,
        ward=ward,
        recorded_on=recorded_on,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    check(output, exclude=["shift", "recorded_by", "ward"])
    output.save()
    audit.log(by, "volunteer.output_recorded", opportunity, changes=audit.snapshot(output))
    return output
