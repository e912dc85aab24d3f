"""Consultations and surveys: questionnaires (versioned), invitations, responses, answers, quotas and themes."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from core import bounds
from equality.models import new_subject_key
from languages import content
from places.models import Borough, Ward

# English here (analysis and exports); the answer form and its condition hints show them translated (gettext).
SCALE_LABELS = [
    gettext_noop("Strongly disagree"),
    gettext_noop("Disagree"),
    gettext_noop("Neither agree nor disagree"),
    gettext_noop("Agree"),
    gettext_noop("Strongly agree"),
]
# What `Consultation.state()` says, as the public pages show it.
STATE_LABELS = {
    "Historical example": _("Historical example"),
    "Draft": _("Draft"),
    "Not yet open": _("Not yet open"),
    "Closed": _("Closed"),
    "Open": _("Open"),
}


class Consultation(models.Model):
    """A public consultation or survey, described so that it meets the Gunning principles."""

    class Identity(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymous: we do not ask who you are")
        CONTACT_OPTIONAL = "contact_optional", _("Anonymous, with an optional email address to hear the outcome")
        NAMED = "named", _("Named: we ask for your name and email address")

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    proposal = models.TextField("What is proposed", validators=bounds.text_validators())
    why_asking = models.TextField("Why we are asking", validators=bounds.text_validators())
    can_change = models.TextField("What can still change", validators=bounds.text_validators())
    cannot_change = models.TextField("What cannot change", blank=True, validators=bounds.text_validators())
    how_used = models.TextField("How your answers will be used", validators=bounds.text_validators())
    audience = models.TextField("Who is being asked", validators=bounds.text_validators())
    accessible_formats = models.TextField(
        "Accessible formats and languages",
        validators=bounds.text_validators(),
        default="Ask for this consultation in large print, easy read, Braille, audio or another language, "
        "or to answer by telephone or in person.",
    )
    contact_email = models.EmailField("Contact for other formats", blank=True)
    opens_at = models.DateTimeField(validators=bounds.datetime_validators())
    closes_at = models.DateTimeField(validators=bounds.datetime_validators())
    identity = models.CharField(max_length=20, choices=Identity.choices, default=Identity.CONTACT_OPTIONAL)
    is_published = models.BooleanField(default=False)
    is_historical = models.BooleanField(
        default=False, help_text="A record of a past consultation kept as an example; it takes no answers."
    )
    historical_note = models.TextField(blank=True, validators=bounds.text_validators())
    organising_unit = models.ForeignKey(
        "organisations.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    london_wide = models.BooleanField(default=False)
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="+")
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    activity_id = models.PositiveIntegerField(null=True, blank=True, help_text="Its entry in the engagement register")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    translations = content.translations_field()  # the title and descriptions in other languages

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            bounds.in_order("opens_at", "closes_at", "cons_closes_after_opens", "It must close after it opens."),
            *(
                bounds.text_within(field, f"cons_{field}_length")
                for field in (
                    "proposal",
                    "why_asking",
                    "can_change",
                    "cannot_change",
                    "how_used",
                    "audience",
                    "accessible_formats",
                    "historical_note",
                )
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.slug])

    def is_open(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return (
            self.is_published and not self.is_historical and self.opens_at <= moment < self.closes_at  # type: ignore[operator]
        )

    def state(self) -> str:
        now = timezone.now()
        if self.is_historical:
            return "Historical example"
        if not self.is_published:
            return "Draft"
        if now < self.opens_at:
            return "Not yet open"
        if now >= self.closes_at:
            return "Closed"
        return "Open"

    def state_label(self) -> str:
        return str(STATE_LABELS[self.state()])

    def current_questionnaire(self) -> "Questionnaire | None":
        return self.questionnaires.order_by("-version").first()


class Questionnaire(models.Model):
    """One version of a consultation's questions. Locked once it has answers: edits then make a new version."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questionnaires")
    version = models.PositiveIntegerField(default=1)
    include_equality = models.BooleanField(
        "Include the standard equality-monitoring questions",
        default=False,
        help_text="Voluntary; answers are kept apart in the equality records.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept current with the tallies (see `tallies.py`) so the analysis never counts the responses.
    response_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["consultation", "-version"]
        constraints = [models.UniqueConstraint(fields=["consultation", "version"], name="cons_questionnaire_version")]

    def __str__(self) -> str:
        return f"{self.consultation} (version {self.version})"

    def is_locked(self) -> bool:
        return self.responses.exists()


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True, validators=bounds.text_validators())
    translations = content.translations_field()  # the title and introduction in other languages

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        constraints = [bounds.text_within("intro", "cons_section_intro_length")]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        SCALE = "scale", "Agree–disagree scale (5 points)"
        RANKING = "ranking", "Ranking"
        NUMBER = "number", "Number"
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"
        PLACE = "place", "Place (ward or postcode)"
        FILE = "file", "File upload (for organisations)"

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING})
    CONDITION_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE})
    TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=500)
    hint = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)
    options = models.JSONField(default=list, blank=True)
    min_value = models.IntegerField(null=True, blank=True, validators=bounds.answer_validators())
    max_value = models.IntegerField(null=True, blank=True, validators=bounds.answer_validators())
    show_if = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="dependants", verbose_name="Show only if"
    )
    show_if_values = models.JSONField(default=list, blank=True)
    # The text, hint and answers to choose from in other languages ("option.0", ...). Answers are stored and
    # analysed by the English option; a translation only changes the label a person reads.
    translations = content.translations_field()

    class Meta:
        ordering = ["section__position", "section_id", "position", "pk"]
        constraints = [
            bounds.number_within("min_value", "cons_question_min_in_range", bounds.MAX_ANSWER, -bounds.MAX_ANSWER),
            bounds.number_within("max_value", "cons_question_max_in_range", bounds.MAX_ANSWER, -bounds.MAX_ANSWER),
            bounds.in_order(
                "min_value",
                "max_value",
                "cons_question_min_not_above_max",
                "The smallest number allowed must not be more than the largest.",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    def choices(self) -> list[str]:
        if self.kind == self.Kind.SCALE:
            return [str(i) for i in range(1, 6)]
        return [str(o) for o in self.options]

    def label_for(self, value: str) -> str:
        if self.kind == self.Kind.SCALE and value.isdigit() and 1 <= int(value) <= 5:
            return SCALE_LABELS[int(value) - 1]
        return value

    def option_label(self, index: int) -> str:
        """The label of the answer at `index` in the page's language (the stored value stays the English)."""
        return content.text(self, f"option.{index}", str(self.options[index]))

    def condition_text(self) -> SafeString:
        """When to answer this question, in the page's language, as HTML: the other question's words and answers
        are staff-written, so each is marked `lang="en"` when it is shown in English."""
        if not self.show_if_id or self.show_if is None:
            return mark_safe("")  # noqa: S308 - empty
        shown = self.show_if
        options = [str(o) for o in shown.options]
        labels = [
            conditional_escape(gettext(shown.label_for(v)))
            if shown.kind == self.Kind.SCALE
            else (content.marked(shown, f"option.{options.index(v)}", v) if v in options else conditional_escape(v))
            for v in self.show_if_values
        ]
        values = format_html_join(" " + gettext("or") + " ", "“{}”", ((label,) for label in labels))
        sentence = conditional_escape(gettext("Answer this only if you answered %(values)s to “%(question)s”."))
        return mark_safe(sentence % {"values": values, "question": content.marked(shown, "text")})  # noqa: S308 - escaped parts


class Invitation(models.Model):
    """A personal, single-use link sent to one address on behalf of an invited body."""

    class BodyKind(models.TextChoices):
        WARD_PANEL = "ward_panel", "Ward panels"
        BOROUGH_GROUP = "borough_group", "Borough engagement groups"
        PARTNERSHIP = "partnership", "Partnerships and partners"
        GROUP_MEMBER = "group_member", "Group and panel members"
        SUBSCRIBER = "subscriber", "Alert subscribers"
        LIST = "list", "Uploaded list"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invitations")
    body_kind = models.CharField(max_length=20, choices=BodyKind.choices, db_index=True)
    body_name = models.CharField(max_length=200, blank=True, help_text="The group or partner invited")
    borough = models.ForeignKey(Borough, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(
        max_length=8, blank=True, help_text="The language its emails are written in (languages.choices; empty: English)"
    )

    class Meta:
        ordering = ["consultation", "body_kind", "pk"]
        indexes = [models.Index(fields=["consultation", "body_kind", "answered_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "email"], condition=~models.Q(email=""), name="cons_invitation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_body_kind_display()}: {self.body_name or self.email}"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class Response(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    idempotency_key = models.CharField(max_length=64, unique=True)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    borough = models.ForeignKey(Borough, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_fictional = models.BooleanField(default=False, help_text="Demonstration data, not a real answer")
    # The random key of this respondent's equality answers (kept apart in `equality`); nothing about the
    # response can be worked out from it.
    subject_key = models.CharField(max_length=64, unique=True, default=new_subject_key, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["consultation", "borough"])]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.consultation_id}"


class Theme(models.Model):
    """A theme an analyst (or the automatic grouping) found in the free-text answers to one question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    is_automatic = models.BooleanField(default=True)

    class Meta:
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.name


def upload_path(instance: "Answer", filename: str) -> str:
    return f"consultations/{instance.response.consultation_id}/{instance.response_id}/{filename}"


class Answer(models.Model):
    """One answer; a multiple-choice or ranking question gives one row per option chosen."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.CharField(max_length=200, blank=True)
    number = models.IntegerField(null=True, blank=True, validators=bounds.answer_validators())
    text = models.TextField(blank=True, validators=bounds.text_validators())
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to=upload_path, blank=True, max_length=300)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers")

    class Meta:
        indexes = [
            models.Index(fields=["question", "option"]),
            models.Index(fields=["question", "number"]),
            # the exports read a range of responses' answers in the order of their cells, with no sort
            models.Index(fields=["response", "question", "number", "id"], name="cons_answer_export_order"),
            # A theme's first few quotes without sorting all of its answers.
            models.Index(fields=["theme", "id"], name="cons_answer_theme_first"),
        ]
        constraints = [
            bounds.number_within("number", "cons_answer_number_in_range", bounds.MAX_ANSWER, -bounds.MAX_ANSWER),
            bounds.text_within("text", "cons_answer_text_length"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option or self.number or self.text[:40]}"


class Tally(models.Model):
    """One running count behind the analysis page, kept current in the same transaction as each response is
    stored or deleted (see `tallies.py`): the page reads a few hundred of these whatever the number of responses."""

    class Kind(models.TextChoices):
        ANSWERED = "answered", "Responses answering the question"
        OPTION = "option", "Answers choosing an option"
        BOROUGH = "borough", "Answers choosing an option, by the respondent's borough"
        RANK = "rank", "Answers ranking an item, with the sum of their ranks"
        FIRST = "first", "Answers ranking an item first"
        NUMBER = "number", "Answers giving a number"
        PLACE = "place", "Answers naming a ward, by its borough"
        THEME = "theme", "Answers in a theme"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The respondent's borough id for BOROUGH ("" if not known); empty otherwise.
    segment = models.CharField(max_length=20, blank=True, default="")
    value = models.CharField(max_length=200, blank=True, default="")
    n = models.IntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "kind", "segment", "value"], name="cons_tally_once")]

    def __str__(self) -> str:
        return f"{self.question_id} {self.kind} {self.segment} {self.value}: {self.n}"


class PairTally(models.Model):
    """How many answers gave `value` to `question` among the responses giving `by_value` to `by_question`: the
    cross-tabulations' cells. For a multiple-choice `by_question`, `by_value` "" counts every response that
    answered it (for one answer, that is the sum of the cells)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=200)
    by_question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    by_value = models.CharField(max_length=200, blank=True, default="")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "by_question", "value", "by_value"], name="cons_pair_tally_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value} by {self.by_question_id}={self.by_value}: {self.n}"


class ThemeRun(models.Model):
    """One request to find the themes in a text question's answers, run as a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Finding themes"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="theme_runs")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0, help_text="Answers read so far")
    total = models.PositiveIntegerField(default=0, help_text="Answers to read (twice: a sample, then all)")
    themes = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["question", "-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Themes for {self.question_id}: {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


class Quota(models.Model):
    """A target number of responses from people with given answers in given boroughs (targeted surveys)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="quotas")
    name = models.CharField(max_length=200)
    target = models.PositiveIntegerField(validators=bounds.count_validators())
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="+")
    # [{"question": <id>, "values": ["…", …]}, …]: every condition must hold.
    conditions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["consultation", "name"]
        constraints = [bounds.number_within("target", "cons_quota_target_in_range")]

    def __str__(self) -> str:
        return self.name
