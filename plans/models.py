"""Action plans: a plan owned by a body, its principles or objectives, commitment statements, actions
with leads, measures, deadlines and budgets, and dated progress updates by the leads."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.models import TimeStampedModel
from organisations.models import Unit
from plans.parsing import MAX_BUDGET


class Rag(models.TextChoices):
    """The status of an action. Blank when the source does not state one."""

    NOT_RECORDED = "", _("No status recorded")
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    COMPLETE = "complete", _("Complete")


RAG_TAG_CLASSES = {
    Rag.NOT_RECORDED: "govuk-tag--grey",
    Rag.NOT_STARTED: "govuk-tag--grey",
    Rag.ON_TRACK: "govuk-tag--green",
    Rag.AT_RISK: "govuk-tag--yellow",
    Rag.OFF_TRACK: "govuk-tag--red",
    Rag.COMPLETE: "govuk-tag--blue",
}


class Plan(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUPERSEDED = "superseded", _("Superseded by a later version")
        HISTORICAL = "historical", _("Historical record")

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans", help_text="The body that owns it")
    period_label = models.CharField(max_length=60, blank=True, help_text="As printed, e.g. 2010-2013")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    issued_on = models.DateField(null=True, blank=True, help_text="The date of this version of the plan")
    version = models.PositiveIntegerField(default=1, validators=bounds.count_validators())
    previous_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="later_versions"
    )
    section_label = models.CharField(
        max_length=40, default="Principle", help_text="What the plan calls its parts: Principle, Objective, Strand"
    )
    action_label = models.CharField(max_length=40, default="Action", help_text="Action, Key action, Priority")
    summary = models.TextField(blank=True, validators=bounds.text_validators())
    governance = models.TextField(blank=True, validators=bounds.text_validators())
    notes = models.JSONField(
        default=list, blank=True, help_text='Further parts of the source: [{"heading": …, "items": [...]}]'
    )
    source = models.TextField(
        blank=True,
        help_text="Where the text comes from, and any notes on transcription",
        validators=bounds.text_validators(),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    is_public = models.BooleanField(default=False, help_text="Anyone can read it on the site")
    reference_key = models.CharField(
        max_length=60, blank=True, db_index=True, help_text="Key of the reference data it was loaded from"
    )

    class Meta:
        ordering = ["-issued_on", "title", "-version"]
        constraints = [
            bounds.in_order(
                "period_start", "period_end", "plans_plan_period_in_order", "The period must not end before it starts."
            ),
            bounds.number_within("version", "plans_plan_version_in_range"),
            bounds.text_within("summary", "plans_plan_summary_length"),
            bounds.text_within("governance", "plans_plan_governance_length"),
            bounds.text_within("source", "plans_plan_source_length"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.slug])

    @property
    def is_monitored(self) -> bool:
        """Only active plans are chased for overdue and stalled actions."""
        return self.status == self.Status.ACTIVE


class Section(models.Model):
    """A principle, objective or strand of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=500)
    statement = models.TextField(blank=True, validators=bounds.text_validators())
    equality_impact = models.TextField(blank=True, validators=bounds.text_validators())
    comments = models.TextField(blank=True, help_text="Issues and comments", validators=bounds.text_validators())
    source_note = models.CharField(
        max_length=300, blank=True, help_text="e.g. that a heading is not in the source and was supplied"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_section_number_unique"),
            bounds.text_within("statement", "plans_section_statement_length"),
            bounds.text_within("equality_impact", "plans_section_impact_length"),
            bounds.text_within("comments", "plans_section_comments_length"),
        ]

    def __str__(self) -> str:
        label = f"{self.plan.section_label} {self.number}" if self.number else self.plan.section_label
        return f"{label}: {self.title}"


class Commitment(models.Model):
    """A commitment statement: what the owner will do, under a section."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField(validators=bounds.text_validators())
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section", "order", "pk"]
        constraints = [bounds.text_within("text", "plans_commitment_text_length")]

    def __str__(self) -> str:
        return self.text[:80]


class Action(TimeStampedModel):
    class DeadlineKind(models.TextChoices):
        NONE = "", "No deadline"
        DATE = "date", "A date"
        PERIOD = "period", "A period"
        ONGOING = "ongoing", "Ongoing"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    other_sections = models.ManyToManyField(
        Section, blank=True, related_name="shared_actions", help_text="Further strands the action belongs to"
    )
    section_text = models.CharField(max_length=100, blank=True, help_text="Strand(s) as printed, e.g. D&I & Engagement")
    commitment = models.ForeignKey(Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    reference = models.CharField(max_length=20, help_text="e.g. 3.7")
    order = models.PositiveIntegerField(default=0)
    description = models.TextField(validators=bounds.text_validators())
    sub_points = models.JSONField(default=list, blank=True)
    lead_text = models.CharField(max_length=200, blank=True, help_text="The lead as printed, e.g. CO11 & CO20")
    lead_units = models.ManyToManyField(Unit, blank=True, related_name="plan_actions")
    outcome = models.TextField(blank=True, validators=bounds.text_validators())
    performance_measure = models.TextField(blank=True, validators=bounds.text_validators())
    deadline_text = models.CharField(max_length=100, blank=True, help_text="As printed, e.g. Apr – Nov 2006")
    deadline_kind = models.CharField(max_length=10, choices=DeadlineKind.choices, blank=True, default="")
    deadline_start = models.DateField(null=True, blank=True)
    deadline_end = models.DateField(null=True, blank=True, help_text="Due by (the end of a period)")
    budget = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_BUDGET)],
    )
    budget_text = models.CharField(max_length=40, blank=True, help_text="As printed, e.g. £130,000.")
    status = models.CharField(max_length=20, choices=Rag.choices, blank=True, default=Rag.NOT_RECORDED)
    last_progress_on = models.DateField(null=True, blank=True)
    activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="plan_actions", help_text="Register activities that deliver it"
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    source_note = models.CharField(max_length=500, blank=True)
    flagged_overdue_at = models.DateTimeField(null=True, blank=True)
    flagged_stalled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="plans_action_reference_unique"),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0), name="plans_action_budget_gte_0"
            ),
            bounds.number_within("budget", "plans_action_budget_at_most_max", MAX_BUDGET),
            bounds.in_order(
                "deadline_start",
                "deadline_end",
                "plans_action_deadline_in_order",
                "The deadline ends before it starts.",
            ),
            bounds.text_within("description", "plans_action_description_length"),
            bounds.text_within("outcome", "plans_action_outcome_length"),
            bounds.text_within("performance_measure", "plans_action_measure_length"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.description[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("plans:action", args=[self.plan.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != Rag.COMPLETE

    @property
    def due_on(self) -> date | None:
        if self.deadline_kind in (self.DeadlineKind.DATE, self.DeadlineKind.PERIOD):
            return self.deadline_end or self.deadline_start
        return None

    def is_overdue(self, on: date) -> bool:
        due = self.due_on
        return self.is_open and due is not None and due < on

    @property
    def rag_tag_class(self) -> str:
        return RAG_TAG_CLASSES.get(Rag(self.status), "govuk-tag--grey")


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(validators=bounds.date_validators())
    narrative = models.TextField(validators=bounds.text_validators())
    percent_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    milestone = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Rag.choices, blank=True, default=Rag.NOT_RECORDED)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(max_length=200, blank=True, help_text="Who reported, e.g. the source document")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__isnull=True) | models.Q(percent_complete__lte=100),
                name="plans_progress_percent_lte_100",
            ),
            bounds.text_within("narrative", "plans_progress_narrative_length"),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} {self.reported_on}: {self.narrative[:60]}"

    @property
    def rag_tag_class(self) -> str:
        return RAG_TAG_CLASSES.get(Rag(self.status), "govuk-tag--grey")


class EvidenceLink(models.Model):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title or self.url
