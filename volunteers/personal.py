"""A volunteer's own data: exported on request and erased with their account (`core.registry.personal_data`)."""

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from core import audit
from core.personal import new_reference
from languages import choices
from volunteers.models import Volunteer


def _records(person: Any) -> QuerySet[Volunteer]:
    condition = Q(pk__in=[])
    if getattr(person, "pk", None) is not None:
        condition |= Q(user_id=person.pk)
    email = getattr(person, "email", "")
    if email:
        condition |= Q(email__iexact=email) | Q(guardian_email__iexact=email)
    return Volunteer.objects.filter(condition)


def export_personal_data(person: Any) -> list[dict[str, Any]]:
    out = []
    for v in _records(person).select_related("home_borough").prefetch_related("skills", "languages", "training"):
        out.append(
            {
                "name": v.name,
                "email": v.email,
                "phone": v.phone,
                "kind": v.get_kind_display(),
                "home_borough": v.home_borough.name,
                "home_postcode": v.home_postcode,
                "started_on": v.started_on.isoformat() if v.started_on else None,
                "skills": [s.name for s in v.skills.all()],
                "languages": [lang.name for lang in v.languages.all()],
                "email_language": choices.BY_CODE[choices.site_language(v.email_language)].english,
                "vetting": v.get_vetting_level_display(),
                "vetting_expires_on": v.vetting_expires_on.isoformat() if v.vetting_expires_on else None,
                "status": v.get_status_display(),
                "date_of_birth": v.date_of_birth.isoformat() if v.date_of_birth else None,
                "guardian_name": v.guardian_name,
                "guardian_phone": v.guardian_phone,
                "guardian_email": v.guardian_email,
                "training": [
                    {"course": t.course, "completed_on": t.completed_on.isoformat()} for t in v.training.all()
                ],
                "shifts": [
                    {
                        "opportunity": s.opportunity.title,
                        "starts_at": s.starts_at.isoformat(),
                        "checked_in_at": s.checked_in_at.isoformat() if s.checked_in_at else None,
                        "checked_out_at": s.checked_out_at.isoformat() if s.checked_out_at else None,
                    }
                    for s in v.shifts.select_related("opportunity")
                ],
                "hours": [
                    {"worked_on": h.worked_on.isoformat(), "hours": str(h.hours), "approved": h.is_approved}
                    for h in v.hours.all()
                ],
            }
        )
    return out


@transaction.atomic
def erase_personal_data(person: Any) -> int:
    """Delete the person's volunteer record with its training, invitations, shifts and hours. Outputs stay
    (counts of leaflets and the like, about no one), no longer linked to a shift."""
    erased = 0
    own = Q(user_id=person.pk) if getattr(person, "pk", None) is not None else Q(pk__in=[])
    email = getattr(person, "email", "")
    if email:
        own |= Q(email__iexact=email)
        # A guardian's details come off the cadet's record; the cadet's own record stays.
        erased += (
            Volunteer.objects.filter(guardian_email__iexact=email)
            .exclude(own)
            .update(guardian_name="", guardian_phone="", guardian_email="")
        )
    for volunteer in Volunteer.objects.filter(own):
        reference = new_reference()
        for related in [*volunteer.invitations.all(), *volunteer.shifts.all()]:
            audit.forget_object(related, reference)
        audit.forget_object(volunteer, reference)
        volunteer.delete()
        erased += 1
    if erased:
        audit.log(None, "volunteer.personal_data_erased", changes={"records": erased})
    return erased
