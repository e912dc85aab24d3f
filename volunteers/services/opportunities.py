"""A coordinator changes or cancels a posted opportunity.

Changing it after volunteers accepted checks every accepted volunteer again (vetting in date, age, skills,
availability, borough) and their other shifts at the new time: if anyone would no longer fit, the change is
refused, naming them, and nothing is saved. Accepted shifts move with the opportunity; a new time is emailed.
Cancelling it cancels its activity in the engagement register, removes the shifts (nobody may have checked in)
and emails each volunteer who had a place. Both are audited.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from activities.models import Activity
from activities.services import change_status, update_activity
from core import audit
from core.errors import Conflict, NotAllowed, ServiceError
from notifications import notify
from places.models import Borough, Ward
from volunteers import matching, permissions, queries
from volunteers.models import Invitation, Opportunity, Shift
from volunteers.services import OPPORTUNITY_FIELDS, _place_ids, _unknown, validate_opportunity

MAX_REASON = 500


def _locked(by: Any, opportunity: Opportunity) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not permissions.can_run_opportunity(by, opportunity):
        raise NotAllowed("This opportunity is outside the boroughs you coordinate.")
    if opportunity.is_cancelled:
        raise Conflict("This opportunity has already been cancelled.")
    if opportunity.ends_at <= timezone.now():
        raise Conflict("This opportunity has ended: it can no longer be changed or cancelled.")
    return opportunity


def _accepted(opportunity: Opportunity) -> list[Invitation]:
    return list(
        opportunity.invitations.filter(status=Invitation.Status.ACCEPTED).select_related("volunteer__user", "shift")
    )


def _when(opportunity: Opportunity) -> str:
    """When it happens, in the active language ("Monday 1 December 2026, 10:00 to 12:00")."""
    start, end = timezone.localtime(opportunity.starts_at), timezone.localtime(opportunity.ends_at)
    return _("%(start)s to %(end)s") % {"start": date_format(start, "l j E Y, H:i"), "end": date_format(end, "H:i")}


def _email(invitations: list[Invitation], *, subject: Any, text: Any, reason: str) -> int:
    """Email each volunteer with a place, in their language: `subject` and `text` are called inside it."""
    sent = 0
    for invitation in invitations:
        volunteer = invitation.volunteer
        if volunteer.email:
            with translation.override(queries.email_language(volunteer)):
                greeting = _("Dear %(name)s,") % {"name": volunteer.name}
                notify.send_email(to=volunteer.email, subject=subject(), text=f"{greeting}\n\n{text()}", reason=reason)
            sent += 1
    return sent


@transaction.atomic
def change_opportunity(
    *,
    by: Any,
    opportunity: Opportunity,
    data: dict[str, Any],
    boroughs: list[Borough],
    wards: list[Ward] | None = None,
    skills: Any = (),
) -> Opportunity:
    """Change an opportunity's details; refused (nothing saved) if an accepted volunteer would no longer fit.
    `wards=None` keeps its wards."""
    _unknown(data, OPPORTUNITY_FIELDS)
    opportunity = _locked(by, opportunity)
    wards = list(opportunity.wards.all()) if wards is None else list(wards)
    boroughs = list(boroughs)
    if not permissions.can_post_in(by, _place_ids(boroughs, wards)):
        raise NotAllowed("That opportunity is outside the boroughs you coordinate.")
    before = {
        **audit.snapshot(opportunity),
        "wards": sorted(str(w) for w in opportunity.wards.all()),
        "boroughs": sorted(str(b) for b in opportunity.boroughs.all()),
        "skills": sorted(str(s) for s in opportunity.skills.all()),
    }
    old_times = (opportunity.starts_at, opportunity.ends_at)
    for key, value in data.items():
        setattr(opportunity, key, value)
    validate_opportunity(opportunity)
    accepted = _accepted(opportunity)
    if opportunity.places < len(accepted):
        raise Conflict(
            f"{len(accepted)} volunteers have accepted: the places cannot go below {len(accepted)}.", field="places"
        )
    opportunity.save()
    opportunity.boroughs.set(boroughs)
    opportunity.wards.set(wards)
    opportunity.skills.set(skills)
    refusals = []
    for invitation in accepted:
        reason = matching.refusal(invitation.volunteer, opportunity, check_shifts=False)
        clash = matching.overlapping_shifts(invitation.volunteer_id, opportunity.starts_at, opportunity.ends_at)
        if reason is None and clash.exclude(opportunity=opportunity).exists():
            reason = f"{invitation.volunteer.name} has another shift at the new time."
        if reason:
            refusals.append(reason)
    if refusals:
        raise Conflict(
            "Not changed: volunteers who accepted would no longer fit. " + " ".join(refusals), field="__all__"
        )
    moved = (opportunity.starts_at, opportunity.ends_at) != old_times
    if moved:
        Shift.objects.filter(opportunity=opportunity).update(
            starts_at=opportunity.starts_at, ends_at=opportunity.ends_at
        )
    if opportunity.activity is not None:
        update_activity(
            activity=opportunity.activity,
            by=by,
            data={
                "title": f"Volunteer deployment: {opportunity.title}"[:200],
                "purpose": opportunity.description,
                "method": opportunity.method,
                "organising_unit": opportunity.unit,
                "starts_at": opportunity.starts_at,
                "ends_at": opportunity.ends_at,
                "wards": wards,
                "boroughs": boroughs,
                "london_wide": not (wards or boroughs),
            },
            check_scope=False,  # the coordinator's area was checked above, by the volunteers' own rule
        )
    after = {
        **audit.snapshot(opportunity),
        "wards": sorted(str(w) for w in wards),
        "boroughs": sorted(str(b) for b in boroughs),
        "skills": sorted(str(s) for s in opportunity.skills.all()),
    }
    audit.log(by, "volunteer_opportunity.changed", opportunity, changes=audit.diff(before, after))
    if moved:
        _email(
            accepted,
            subject=lambda: _("New time: %(title)s") % {"title": opportunity.title},
            text=lambda: (
                _("The time of %(title)s, where you have a place, has changed. It is now %(when)s.")
                % {"title": opportunity.title, "when": _when(opportunity)}
                + "\n\n"
                + _("If you can no longer come, tell your coordinator.")
                + "\n"
            ),
            reason="volunteers.opportunity_changed",
        )
    return opportunity


@transaction.atomic
def cancel_opportunity(*, by: Any, opportunity: Opportunity, reason: str) -> int:
    """Cancel an opportunity; returns how many volunteers with a place were emailed."""
    opportunity = _locked(by, opportunity)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Say why it is cancelled: the volunteers with a place are told.", field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(f"Say why in at most {MAX_REASON} characters.", field="reason")
    shifts = Shift.objects.filter(opportunity=opportunity)
    if shifts.filter(checked_in_at__isnull=False).exists():
        raise Conflict("Volunteers have checked in: it is under way and can no longer be cancelled.")
    accepted = _accepted(opportunity)
    opportunity.is_cancelled, opportunity.cancelled_at, opportunity.cancelled_reason = True, timezone.now(), reason
    opportunity.save(update_fields=["is_cancelled", "cancelled_at", "cancelled_reason", "updated_at"])
    removed, _by_kind = shifts.delete()
    activity = opportunity.activity
    if activity is not None and activity.status in (Activity.Status.PLANNED, Activity.Status.CONFIRMED):
        change_status(
            activity=activity,
            by=by,
            status=Activity.Status.CANCELLED,
            cancelled_reason=f"Volunteer deployment cancelled: {reason}"[:MAX_REASON],
            check_scope=False,
        )
    emailed = _email(
        accepted,
        subject=lambda: _("Cancelled: %(title)s") % {"title": opportunity.title},
        text=lambda: (
            _("%(title)s (%(when)s), where you had a place, has been cancelled.")
            % {"title": opportunity.title, "when": _when(opportunity)}
            + "\n\n"
            + _("Why: %(reason)s") % {"reason": reason}
            + "\n\n"
            + _("Thank you for offering your time.")
            + "\n"
        ),
        reason="volunteers.opportunity_cancelled",
    )
    audit.log(
        by,
        "volunteer_opportunity.cancelled",
        opportunity,
        changes={"reason": reason, "shifts_removed": removed, "volunteers_told": emailed},
    )
    return emailed
