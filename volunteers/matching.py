"""Who may take a place on an opportunity: one rule, asked two ways.

`matches(opportunity)` finds every eligible volunteer in one query (for the coordinator's "fill" page and the
benchmark); `refusal(volunteer, opportunity)` says in words why one volunteer may not take a place (for an
invitation or an acceptance). `tests/test_matching.py` checks that the two agree.
"""

from datetime import date, datetime

from django.db.models import F, OuterRef, Q, QuerySet
from django.utils import timezone

from volunteers import distance
from volunteers.models import CADET_AGE_LIMIT, Invitation, Opportunity, Shift, Volunteer
from volunteers.permissions import opportunity_boroughs

EVENING_FROM_HOUR = 17


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _needs(opportunity: Opportunity) -> tuple[bool, bool]:
    """(at a weekend, in the evening), judged by when it starts."""
    start = _local(opportunity.starts_at)
    return start.weekday() >= 5, start.hour >= EVENING_FROM_HOUR


def overlapping_shifts(volunteer_id: int | OuterRef, starts_at: datetime, ends_at: datetime) -> QuerySet[Shift]:
    return Shift.objects.filter(volunteer_id=volunteer_id, starts_at__lt=ends_at, ends_at__gt=starts_at)


def matches(
    opportunity: Opportunity, boroughs: set[int] | None = None, points: list[distance.Point] | None = None
) -> QuerySet[Volunteer]:
    """Active volunteers who meet every rule, not yet invited and free at the time; nearest first (`away`: see
    `volunteers.distance`)."""
    day = _local(opportunity.starts_at).date()
    end_day = _local(opportunity.ends_at).date()
    adult_born_by = years_before(day, CADET_AGE_LIMIT)
    if boroughs is None:
        boroughs = opportunity_boroughs(opportunity)
    qs = Volunteer.objects.filter(status=Volunteer.Status.ACTIVE, vetting_level__gte=opportunity.min_vetting)
    if opportunity.min_vetting > 0:
        qs = qs.filter(vetting_expires_on__gte=end_day)
    if boroughs:
        qs = qs.filter(Q(home_borough__in=boroughs) | Q(kind=Volunteer.Kind.MOBILE_HUB))
    weekend, evening = _needs(opportunity)
    qs = qs.filter(available_weekends=True) if weekend else qs.filter(available_weekdays=True)
    if evening:
        qs = qs.filter(available_evenings=True)
    # Cadets: under 18 on the day, with a guardian on record.
    qs = qs.exclude(kind=Volunteer.Kind.CADET, date_of_birth__lte=adult_born_by)
    qs = qs.exclude(Q(kind=Volunteer.Kind.CADET) & (Q(guardian_name="") | Q(guardian_phone="")))
    if opportunity.lone_working:
        qs = qs.exclude(date_of_birth__gt=adult_born_by)
    if opportunity.min_age:
        if opportunity.min_age <= CADET_AGE_LIMIT:
            qs = qs.exclude(date_of_birth__gt=years_before(day, opportunity.min_age))
        else:
            qs = qs.filter(date_of_birth__lte=years_before(day, opportunity.min_age))
    if opportunity.max_age is not None:
        qs = qs.filter(date_of_birth__gt=years_before(day, opportunity.max_age + 1))
    # Each list below is read once (IN a subquery), not once per volunteer (a correlated EXISTS).
    through_skills, through_languages = Volunteer.skills.through.objects, Volunteer.languages.through.objects
    for skill_id in opportunity.skills.values_list("pk", flat=True):
        qs = qs.filter(pk__in=through_skills.filter(skill_id=skill_id).values("volunteer_id"))
    if opportunity.language_id:
        qs = qs.filter(pk__in=through_languages.filter(language_id=opportunity.language_id).values("volunteer_id"))
    qs = qs.exclude(pk__in=Invitation.objects.filter(opportunity=opportunity).values("volunteer_id"))
    busy = Shift.objects.filter(starts_at__lt=opportunity.ends_at, ends_at__gt=opportunity.starts_at)
    qs = qs.exclude(pk__in=busy.values("volunteer_id"))
    if points is None:
        points = distance.opportunity_points(opportunity)
    qs = distance.annotate(qs, points)
    if points:
        qs = qs.order_by(F("away").asc(nulls_last=True), "name", "pk")
    return qs.select_related("home_borough")


def refusal(volunteer: Volunteer, opportunity: Opportunity, *, check_shifts: bool = True) -> str | None:
    """Why `volunteer` may not take a place on `opportunity`, in words; None if they may."""
    day = _local(opportunity.starts_at).date()
    end_day = _local(opportunity.ends_at).date()
    age = volunteer.age_on(day)
    who = volunteer.name
    if opportunity.is_cancelled:
        return "This opportunity has been cancelled."
    if volunteer.status != Volunteer.Status.ACTIVE:
        return f"{who} is not an active volunteer ({volunteer.get_status_display().lower()})."
    if volunteer.vetting_level < opportunity.min_vetting:
        return f"{who}'s vetting ({volunteer.get_vetting_level_display()}) does not cover this opportunity."
    if opportunity.min_vetting > 0 and (volunteer.vetting_expires_on is None or volunteer.vetting_expires_on < end_day):
        return f"{who}'s vetting has expired or runs out before the deployment ends."
    boroughs = opportunity_boroughs(opportunity)
    if boroughs and volunteer.home_borough_id not in boroughs and volunteer.kind != Volunteer.Kind.MOBILE_HUB:
        return f"{who} volunteers in another borough."
    weekend, evening = _needs(opportunity)
    if weekend and not volunteer.available_weekends:
        return f"{who} is not available at weekends."
    if not weekend and not volunteer.available_weekdays:
        return f"{who} is not available on weekdays."
    if evening and not volunteer.available_evenings:
        return f"{who} is not available in the evening."
    if volunteer.kind == Volunteer.Kind.CADET:
        if age is not None and age >= CADET_AGE_LIMIT:
            return f"{who} is 18 or over on the day: a volunteer police cadet's place ends at 18."
        if not (volunteer.guardian_name and volunteer.guardian_phone):
            return f"{who} is under 18: record a parent or guardian's name and phone number first."
    if opportunity.lone_working and age is not None and age < CADET_AGE_LIMIT:
        return f"{who} is under 18 and cannot work alone."
    if opportunity.min_age:
        if age is None and opportunity.min_age > CADET_AGE_LIMIT:
            return f"{who}'s date of birth is needed: this opportunity is for people aged {opportunity.min_age}+."
        if age is not None and age < opportunity.min_age:
            return f"{who} is under the minimum age ({opportunity.min_age})."
    if opportunity.max_age is not None and (age is None or age > opportunity.max_age):
        return f"{who} is over the maximum age ({opportunity.max_age}) or has no date of birth recorded."
    held = set(volunteer.skills.values_list("pk", flat=True))
    missing = [s.name for s in opportunity.skills.all() if s.pk not in held]
    if missing:
        return f"{who} does not have the skills asked for: {', '.join(missing)}."
    if opportunity.language_id and not volunteer.languages.filter(pk=opportunity.language_id).exists():
        return f"{who} does not speak {opportunity.language}."
    if check_shifts and overlapping_shifts(volunteer.pk, opportunity.starts_at, opportunity.ends_at).exists():
        return f"{who} already has a shift at that time."
    return None
