"""Engagement groups (ward panels, borough boards, advisory groups…), their members and briefings.

Meetings are activities in the engagement register (see Meeting).
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.models import TimeStampedModel
from equality.models import new_subject_key
from languages import content
from organisations.models import Unit
from places.models import Borough, Ward


class CommunityGroup(TimeStampedModel):
    class Kind(models.TextChoices):
        WARD_PANEL = "ward_panel", _("Ward panel")
        BOROUGH_GROUP = "borough_group", _("Borough engagement group (safer neighbourhood board)")
        IAG = "iag", _("Independent advisory group")
        YOUTH_PANEL = "youth_panel", _("Youth panel")
        KEY_INDIVIDUALS = "key_individuals", _("Key individual network")
        FAITH_FORUM = "faith_forum", _("Faith and community forum")
        STOP_SEARCH = "stop_search", _("Stop and search community monitoring group")
        CUSTODY_VISITORS = "custody_visitors", _("Independent custody visitor panel")

    class Focus(models.TextChoices):
        NONE = "", "General"
        RACE = "race", "Race"
        LGBT = "lgbt", "LGBT+"
        DISABILITY = "disability", "Disability"
        YOUTH = "youth", "Young people"
        GYPSY_TRAVELLER = "gypsy_traveller", "Gypsy, Roma and Traveller"
        FAITH = "faith", "Faith"
        WOMEN = "women", "Women and girls"
        OTHER = "other", "Other"

    class Level(models.TextChoices):
        WARD = "ward", "Ward"
        BOROUGH = "borough", "Borough"
        LONDON = "london", "London"

    class Cadence(models.TextChoices):
        NONE = "", _("As needed")
        MONTHLY = "monthly", _("Monthly")
        BIMONTHLY = "bimonthly", _("Every two months")
        QUARTERLY = "quarterly", _("Quarterly")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    focus = models.CharField(max_length=30, choices=Focus.choices, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="community_groups")
    borough = models.ForeignKey(
        Borough, null=True, blank=True, on_delete=models.PROTECT, related_name="community_groups"
    )
    purpose = models.TextField(validators=bounds.text_validators())
    terms_of_reference = models.TextField(blank=True, validators=bounds.text_validators())
    is_public = models.BooleanField(
        default=True, help_text="Public groups are listed on the public site; restricted ones only to staff"
    )
    accepts_join_requests = models.BooleanField(default=True)
    meets = models.CharField(max_length=20, choices=Cadence.choices, blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    supporting_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="community_groups"
    )
    represented_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represented_groups",
        help_text="The wider group this group sends a representative to",
    )
    is_active = models.BooleanField(default=True)
    translations = content.translations_field()  # the name and purpose in other languages

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward"], condition=models.Q(kind="ward_panel"), name="groups_one_ward_panel_per_ward"
            ),
            bounds.text_within("purpose", "groups_group_purpose_length"),
            bounds.text_within("terms_of_reference", "groups_group_terms_length"),
        ]
        indexes = [models.Index(fields=["kind", "borough"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("groups:public_detail", args=[self.slug])

    @property
    def context(self) -> str:
        """The equality-monitoring context of this group's members."""
        return f"group:{self.pk}"

    @property
    def area_name(self) -> str:
        if self.level == self.Level.WARD and self.ward:
            return f"{self.ward.name}, {self.ward.borough.name}"
        if self.level == self.Level.BOROUGH and self.borough:
            return self.borough.name
        return "London"

    def area(self) -> tuple[list[Ward], list[Borough], bool]:
        """(wards, boroughs, London-wide) this group serves."""
        if self.level == self.Level.WARD and self.ward:
            return [self.ward], [], False
        if self.level == self.Level.BOROUGH and self.borough:
            return [], [self.borough], False
        return [], [], True


class Member(TimeStampedModel):
    """A person on a group. Need not be a user of this service."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        SECRETARY = "secretary", "Secretary"
        MEMBER = "member", "Member"
        POLICE_ATTENDEE = "police_attendee", "Police attendee (non-voting)"
        COUNCILLOR = "councillor", "Councillor (non-voting)"

    class Basis(models.TextChoices):
        CONSENT = "consent", "Consent"
        PUBLIC_TASK = "public_task", "Public task"
        LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests"

    SINGLE_HOLDER_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY})
    NON_VOTING_ROLES = frozenset({Role.POLICE_ATTENDEE, Role.COUNCILLOR})

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(validators=bounds.date_validators())
    term_end = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    consent_to_contact = models.BooleanField(default=False)
    consent_wording = models.TextField(blank=True, validators=bounds.text_validators())
    consent_at = models.DateTimeField(null=True, blank=True)
    data_basis = models.CharField(max_length=30, choices=Basis.choices, default=Basis.CONSENT)
    subject_key = models.CharField(max_length=64, unique=True, default=new_subject_key, editable=False)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["group", "role", "name"]
        constraints = [
            bounds.in_order(
                "term_start", "term_end", "groups_member_term_in_order", "The term must not end before it starts."
            ),
            bounds.text_within("consent_wording", "groups_member_consent_length"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}, {self.group})"

    @property
    def is_voting(self) -> bool:
        return self.role not in self.NON_VOTING_ROLES

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.term_start <= on and (self.term_end is None or self.term_end >= on)


class JoinRequest(TimeStampedModel):
    """Someone asking, from the group's public page, to join it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="join_requests")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    message = models.TextField(blank=True, validators=bounds.text_validators())
    consent_wording = models.TextField(validators=bounds.text_validators())
    consent_at = models.DateTimeField()
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text="The language of the page the request was made on (languages.choices); the emails to the "
        "person follow it. Empty: English.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, validators=bounds.text_validators())
    subject_key = models.CharField(max_length=64, unique=True, default=new_subject_key, editable=False)
    member = models.OneToOneField(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            bounds.text_within("message", "groups_joinrequest_message_length"),
            bounds.text_within("consent_wording", "groups_joinrequest_consent_length"),
            bounds.text_within("decision_note", "groups_joinrequest_note_length"),
        ]

    def __str__(self) -> str:
        return f"{self.name} asks to join {self.group}"


class BriefingPack(TimeStampedModel):
    """Information a member needs to do their role: a role definition, how-to guides, templates."""

    class Kind(models.TextChoices):
        ROLE_DEFINITION = "role_definition", "Role definition"
        HOW_TO = "how_to", "How-to guide"
        PRESENTATION = "presentation", "Presentation template"
        INDUCTION = "induction", "Induction pack"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    group_kind = models.CharField(
        max_length=30, choices=CommunityGroup.Kind.choices, blank=True, help_text="Blank: for every kind of group"
    )
    role = models.CharField(max_length=20, choices=Member.Role.choices, blank=True, help_text="Blank: every role")
    summary = models.CharField(max_length=300)
    body = models.TextField(blank=True, validators=bounds.text_validators())

    class Meta:
        ordering = ["group_kind", "role", "title"]
        constraints = [bounds.text_within("body", "groups_briefingpack_body_length")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:briefing", args=[self.pk])


class BriefingDocument(TimeStampedModel):
    pack = models.ForeignKey(BriefingPack, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="groups/briefings/")

    def __str__(self) -> str:
        return self.title


class BriefingReceipt(TimeStampedModel):
    """A record that a member received a briefing."""

    class How(models.TextChoices):
        EMAIL = "email", "By email"
        IN_PERSON = "in_person", "In person"
        EVENT = "event", "At a briefing event"
        ONLINE = "online", "Online session"

    pack = models.ForeignKey(BriefingPack, on_delete=models.PROTECT, related_name="receipts")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="briefings")
    received_on = models.DateField(validators=bounds.date_validators())
    how = models.CharField(max_length=20, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "member", "received_on"], name="groups_briefing_receipt_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member.name} received {self.pack}"


class Meeting(TimeStampedModel):
    """A meeting of a group. Its date, place and status are those of its activity in the engagement
    register: one record, shown in the register, the calendars and the feeds."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="meetings")
    activity = models.OneToOneField("activities.Activity", on_delete=models.CASCADE, related_name="group_meeting")
    agenda = models.TextField(blank=True, validators=bounds.text_validators())
    minutes = models.TextField(blank=True, validators=bounds.text_validators())
    decisions = models.TextField(blank=True, validators=bounds.text_validators())
    minutes_recorded_at = models.DateTimeField(null=True, blank=True)
    other_attendees = models.PositiveIntegerField(
        default=0,
        help_text="People who attended who are not members (e.g. residents at an open meeting)",
        validators=bounds.count_validators(bounds.MAX_ATTENDANCE),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            bounds.number_within("other_attendees", "groups_meeting_attendees_in_range", bounds.MAX_ATTENDANCE),
            bounds.text_within("agenda", "groups_meeting_agenda_length"),
            bounds.text_within("minutes", "groups_meeting_minutes_length"),
            bounds.text_within("decisions", "groups_meeting_decisions_length"),
        ]

    def __str__(self) -> str:
        return f"{self.group.name}: {timezone.localtime(self.activity.starts_at):%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("groups:meeting", args=[self.pk])

    @property
    def starts_at(self) -> Any:
        return self.activity.starts_at

    @property
    def has_been_held(self) -> bool:
        return self.activity.starts_at <= timezone.now()


class MeetingAttendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="groups_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.get_status_display()}"


class MeetingPaper(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="groups/papers/")
    is_public = models.BooleanField(default=False, help_text="Show on the public page of a public meeting")

    def __str__(self) -> str:
        return self.title


class MeetingAction(TimeStampedModel):
    """An action agreed at a meeting, with an owner and a due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.CharField(max_length=150, help_text="Who will do it (a member, an officer, a partner)")
    due_on = models.DateField(validators=bounds.date_validators())
    done_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())

    class Meta:
        ordering = ["done_on", "due_on"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()
