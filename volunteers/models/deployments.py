"""Volunteers, their training, opportunities to deploy them, invitations, shifts, hours and outputs.

A deployment (an Opportunity) is also an activity in the engagement register (`activity`), recorded through
`activities.services.record_activity`, so clashes and fatigue see it.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core import bounds
from core.models import TimeStampedModel
from organisations.models import Unit
from places.models import Borough, Ward

MAX_PLACES = 10_000
MAX_AGE = 120
MAX_HOURS = 24
EARLIEST_BIRTH = date(1900, 1, 1)
CADET_AGE_LIMIT = 18


def birth_validators() -> list[Any]:
    message = "Give a date of birth between 1900 and 2099."
    return [
        MinValueValidator(EARLIEST_BIRTH, message=message),
        MaxValueValidator(bounds.LATEST_DATE, message=message),
    ]


class Skill(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = [bounds.text_within("name", "volunteers_skill_name_length", 80)]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = [bounds.text_within("name", "volunteers_language_name_length", 80)]

    def __str__(self) -> str:
        return self.name


class Volunteer(TimeStampedModel):
    class Kind(models.TextChoices):
        POLICE_SUPPORT = "police_support", _("Police support volunteer")
        MOBILE_HUB = "mobile_hub", _("Mobile hub volunteer")
        SPECIAL_CONSTABLE = "special_constable", _("Special constable")
        CADET = "cadet", _("Volunteer police cadet")
        COMMUNITY = "community", _("Community volunteer")

    class Vetting(models.IntegerChoices):
        NONE = 0, "Not vetted"
        NPPV1 = 1, "NPPV level 1"
        NPPV2 = 2, "NPPV level 2"
        NPPV3 = 3, "NPPV level 3"

    class Status(models.TextChoices):
        APPLICANT = "applicant", "Applicant"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        LEFT = "left", "Left"

    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    home_borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    home_postcode = models.CharField(
        max_length=8, blank=True, help_text="Home postcode, for the distance to an opportunity (kept without spaces)"
    )
    # Where the volunteer lives, roughly (the postcode's centre, else the home borough's), for matching by distance.
    home_latitude = models.FloatField(null=True, blank=True, editable=False)
    home_longitude = models.FloatField(null=True, blank=True, editable=False)
    started_on = models.DateField(
        null=True, blank=True, validators=bounds.date_validators(), help_text="When they started volunteering"
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="volunteers")
    languages = models.ManyToManyField(Language, blank=True, related_name="volunteers")
    available_weekdays = models.BooleanField(default=True)
    available_weekends = models.BooleanField(default=False)
    available_evenings = models.BooleanField(default=False)
    vetting_level = models.PositiveSmallIntegerField(choices=Vetting.choices, default=Vetting.NONE)
    vetting_expires_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    date_of_birth = models.DateField(null=True, blank=True, validators=birth_validators())
    guardian_name = models.CharField(max_length=150, blank=True)
    guardian_phone = models.CharField(max_length=40, blank=True)
    guardian_email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="volunteer"
    )
    email_language = models.CharField(
        max_length=8,
        blank=True,
        help_text="The language of their emails when their account has not chosen one (languages.choices; "
        "empty: English)",
    )
    notes = models.TextField(blank=True, validators=bounds.text_validators())

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "vetting_level", "home_borough"])]
        constraints = [
            bounds.text_within("notes", "volunteers_volunteer_notes_length"),
            bounds.text_within("name", "volunteers_volunteer_name_length", 150),
            bounds.number_within("vetting_level", "volunteers_volunteer_vetting_level_range", 3),
            models.CheckConstraint(
                condition=~Q(kind="cadet") | Q(date_of_birth__isnull=False),
                name="volunteers_cadet_has_birth_date",
                violation_error_message="A volunteer police cadet needs a date of birth.",
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True)
                | Q(date_of_birth__gte=EARLIEST_BIRTH, date_of_birth__lte=bounds.LATEST_DATE),
                name="volunteers_volunteer_birth_bounded",
            ),
            models.CheckConstraint(
                condition=Q(vetting_expires_on__isnull=True)
                | Q(vetting_expires_on__gte=bounds.EARLIEST_DATE, vetting_expires_on__lte=bounds.LATEST_DATE),
                name="volunteers_volunteer_vetting_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("volunteers:volunteer", args=[self.pk])

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class TrainingRecord(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="training")
    course = models.CharField(max_length=200)
    completed_on = models.DateField(validators=bounds.date_validators())
    expires_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            bounds.text_within("course", "volunteers_training_course_length", 200),
            bounds.in_order("completed_on", "expires_on", "volunteers_training_expires_after_completion"),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.completed_on:%d %b %Y})"


class Opportunity(TimeStampedModel):
    """A deployment: what, where, when, how many, with which skills, vetting and ages."""

    class Method(models.TextChoices):
        LEAFLET_DROP = Activity.Method.LEAFLET_DROP.value, "Leaflet drop"
        DOOR_KNOCKING = Activity.Method.DOOR_KNOCKING.value, "Door knocking"
        STREET_BRIEFING = Activity.Method.STREET_BRIEFING.value, "Street briefing"
        OTHER = Activity.Method.OTHER.value, "Other (weapon sweep, bike marking, deliveries…)"

    title = models.CharField(max_length=200)
    description = models.TextField(validators=bounds.text_validators())
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.OTHER)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", help_text="The organising unit")
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="+")
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    starts_at = models.DateTimeField(validators=bounds.datetime_validators())
    ends_at = models.DateTimeField(validators=bounds.datetime_validators())
    places = models.PositiveIntegerField(
        "Places needed", validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)]
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    language = models.ForeignKey(Language, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    min_vetting = models.PositiveSmallIntegerField(choices=Volunteer.Vetting.choices, default=Volunteer.Vetting.NONE)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)])
    max_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)])
    lone_working = models.BooleanField(default=False)
    contact_officer = models.CharField(
        max_length=150, blank=True, help_text="Named contact officer (needed for lone working)"
    )
    is_cancelled = models.BooleanField(default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=500, blank=True)
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name_plural = "opportunities"
        constraints = [
            bounds.text_within("description", "volunteers_opportunity_description_length"),
            bounds.text_within("title", "volunteers_opportunity_title_length", 200),
            bounds.text_within("cancelled_reason", "volunteers_opportunity_cancelled_reason_length", 500),
            bounds.in_order("starts_at", "ends_at", "volunteers_opportunity_ends_after_start"),
            bounds.number_within("places", "volunteers_opportunity_places_range", MAX_PLACES, 1),
            bounds.number_within("min_age", "volunteers_opportunity_min_age_range", MAX_AGE),
            bounds.number_within("max_age", "volunteers_opportunity_max_age_range", MAX_AGE),
            bounds.number_within("min_vetting", "volunteers_opportunity_min_vetting_range", 3),
            bounds.in_order("min_age", "max_age", "volunteers_opportunity_ages_in_order"),
            models.CheckConstraint(
                condition=Q(lone_working=False) | ~Q(contact_officer=""),
                name="volunteers_lone_working_has_contact",
                violation_error_message="Lone working needs a named contact officer.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteers:opportunity", args=[self.pk])

    @property
    def where(self) -> str:
        """Its wards (with their boroughs) and boroughs in words, or London-wide."""
        wards = [f"{w.name} ({w.borough.name})" for w in self.wards.all()]
        boroughs = [b.name for b in self.boroughs.all()]
        return ", ".join(wards + boroughs) or "London-wide"


class Invitation(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="invitations")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="invitations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED, db_index=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "volunteer"], name="volunteers_one_invitation_each")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} — {self.opportunity}"


class Shift(models.Model):
    """An accepted place: when the volunteer is expected, and when they checked in and out."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="shift")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="shifts")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(validators=bounds.datetime_validators())
    ends_at = models.DateTimeField(validators=bounds.datetime_validators())
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            bounds.in_order("starts_at", "ends_at", "volunteers_shift_ends_after_start"),
            bounds.in_order("checked_in_at", "checked_out_at", "volunteers_shift_out_after_in"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} — {self.opportunity} ({self.starts_at:%d %b %Y %H:%M})"


class HoursLog(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours")
    shift = models.ForeignKey(Shift, null=True, blank=True, on_delete=models.SET_NULL, related_name="hours")
    worked_on = models.DateField(validators=bounds.date_validators())
    hours = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(MAX_HOURS)]
    )
    note = models.CharField(max_length=500, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-worked_on", "-pk"]
        constraints = [
            bounds.number_within("hours", "volunteers_hours_range", MAX_HOURS),
            bounds.text_within("note", "volunteers_hours_note_length", 500),
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours on {self.worked_on:%d %b %Y}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class Output(models.Model):
    class Kind(models.TextChoices):
        LEAFLETS = "leaflets", _("Leaflets delivered")
        HOMES = "homes", _("Homes visited")
        BIKES = "bikes", _("Bikes marked")
        SWEEPS = "sweeps", _("Weapon sweeps done")
        ITEMS = "items", _("Items found")
        PEOPLE = "people", _("People reached")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="outputs")
    shift = models.ForeignKey(Shift, null=True, blank=True, on_delete=models.SET_NULL, related_name="outputs")
    kind = models.CharField(max_length=10, choices=Kind.choices, db_index=True)
    count = models.PositiveIntegerField(validators=bounds.count_validators(bounds.MAX_REACH))
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField(validators=bounds.date_validators(), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        constraints = [bounds.number_within("count", "volunteers_output_count_range", bounds.MAX_REACH)]

    def __str__(self) -> str:
        return f"{self.count} {self.get_kind_display().lower()}"
