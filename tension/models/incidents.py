"""Tier-3 records: a critical incident or high-profile event, its community impact assessments, advisory cell and
advice, timeline and key-individual network contacts."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from activities.models import Activity, CommunityOfInterest
from alerts.models import Message
from core import bounds
from groups.models import CommunityGroup, Member
from places.models import Borough, Ward
from tension import scale
from tension.models.common import level_check, level_validators, text_check


class Incident(models.Model):
    """A tier-3 record: a critical incident or high-profile event and the engagement around it."""

    class Kind(models.TextChoices):
        CRITICAL_INCIDENT = "critical_incident", "Critical incident"
        PROTEST = "protest", "Protest"
        MAJOR_EVENT = "major_event", "Major event"
        OPERATION = "operation", "Operation"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True, validators=bounds.text_validators())
    boroughs = models.ManyToManyField(Borough, related_name="+")
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    communities = models.ManyToManyField(CommunityOfInterest, blank=True, related_name="+")
    starts_on = models.DateField(validators=bounds.date_validators())
    ends_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())
    gold_commander = models.CharField(max_length=200, blank=True)
    silver_commander = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    engagement = models.ManyToManyField(Activity, blank=True, related_name="+")
    messages = models.ManyToManyField(Message, blank=True, related_name="+", help_text="Alerts sent about it")
    debrief = models.TextField(blank=True, validators=bounds.text_validators())
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            text_check("description", "incident"),
            text_check("debrief", "incident"),
            bounds.in_order("starts_on", "ends_on", "tension_incident_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tension:incident", args=[self.pk])


class ImpactAssessment(models.Model):
    """A community impact assessment (CIA) of an incident: structured, reviewed on set dates."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="impact_assessments")
    assessed_on = models.DateField(validators=bounds.date_validators())
    next_review_on = models.DateField(validators=bounds.date_validators())
    level = models.PositiveSmallIntegerField(choices=scale.CHOICES, validators=level_validators())
    background = models.TextField(validators=bounds.text_validators())
    communities_affected = models.TextField(validators=bounds.text_validators())
    impact = models.TextField("Likely impact on communities", validators=bounds.text_validators())
    risks = models.TextField("Risks and concerns", blank=True, validators=bounds.text_validators())
    mitigation = models.TextField("Engagement and mitigation", blank=True, validators=bounds.text_validators())
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            level_check("level", "cia"),
            *(text_check(f, "cia") for f in ("background", "communities_affected", "impact", "risks", "mitigation")),
            bounds.in_order(
                "assessed_on",
                "next_review_on",
                "tension_cia_review_after",
                "The next review must follow the assessment.",
            ),
        ]

    def __str__(self) -> str:
        return f"Community impact assessment of {self.incident}, {self.assessed_on:%-d %b %Y}"


class AdvisoryMember(models.Model):
    """A named independent adviser or community member of an incident's advisory cell."""

    class Kind(models.TextChoices):
        IAG = "iag", "Independent advisory group member"
        ADVISER = "adviser", "Independent adviser"
        COMMUNITY = "community", "Community member"
        FAITH = "faith", "Faith leader"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="advisers")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    affiliation = models.CharField(max_length=200, blank=True)
    briefed_on = models.DateField(null=True, blank=True, validators=bounds.date_validators())

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Advice(models.Model):
    """Advice given to the command team by the advisory cell, with the decision taken on it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="advice")
    adviser = models.ForeignKey(AdvisoryMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    given_on = models.DateField(validators=bounds.date_validators())
    advice = models.TextField(validators=bounds.text_validators())
    decision = models.TextField("Decision taken", blank=True, validators=bounds.text_validators())
    decided_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        constraints = [text_check("advice", "advice"), text_check("decision", "advice")]

    def __str__(self) -> str:
        return f"Advice of {self.given_on:%-d %b %Y} on {self.incident}"


class TimelineEntry(models.Model):
    """One moment of an incident: a briefing, engagement, a message, a decision, a patrol."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", "Briefing"
        ENGAGEMENT = "engagement", "Engagement"
        PATROL = "patrol", "Reassurance patrol"
        MESSAGE = "message", "Message sent"
        DECISION = "decision", "Decision"
        NOTE = "note", "Note"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(validators=bounds.datetime_validators())
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(validators=bounds.text_validators())
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]
        constraints = [text_check("text", "timeline")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%-d %b %Y %H:%M}"


class KinContact(models.Model):
    """A contact with a member of a key individual network about an incident: who (the network's own record of
    them, not a typed name), when, how and what was said."""

    class How(models.TextChoices):
        PHONE = "phone", "Telephone"
        IN_PERSON = "in_person", "In person"
        MESSAGE = "message", "Email or text message"
        MEETING = "meeting", "Meeting or briefing"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="kin_contacts")
    member = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="+")
    network = models.ForeignKey(CommunityGroup, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(validators=bounds.datetime_validators())
    how = models.CharField(max_length=12, choices=How.choices)
    summary = models.TextField(validators=bounds.text_validators())
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            text_check("summary", "kin_contact"),
            models.CheckConstraint(
                condition=models.Q(how__in=["phone", "in_person", "message", "meeting"]),
                name="tension_kin_contact_how_known",
            ),
        ]

    def __str__(self) -> str:
        return f"Key individual contact at {self.at:%-d %b %Y %H:%M}"

    @property
    def who(self) -> str:
        name = self.member.name if self.member_id and self.member else "(name removed)"
        return f"{name}, {self.network}" if self.network_id and self.network else name
