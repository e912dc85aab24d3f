"""Reads about consultations: public lists, area sections, response rates, quotas and aggregate analysis.

The analysis reads the running tallies (see `tallies.py`); other figures are computed in the database with
GROUP BY; no query loads every answer at once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.registry import Reached, note_latest
from core.tally import CountOf
from core.unions import union_all
from equality import queries as equality_queries
from equality.contexts import Area, parse_id
from equality.questions import BY_KEY, QUESTIONS
from equality.subject_access import own_answers
from organisations.scope import Capability, scope_for
from places.models import Borough, Ward

from . import permissions, tallies
from .models import Answer, Consultation, Invitation, Question, Questionnaire, Quota, Response, Tally, Theme, ThemeRun

K = Tally.Kind


def equality_area(ident: str) -> Area | None:
    """The places of the consultation behind "consultation:<id>" or one of its per-answer contexts."""
    pk = parse_id(ident.split(":", 1)[0])
    consultation = Consultation.objects.filter(pk=pk).first() if pk is not None else None
    if consultation is None:
        return None
    wards, boroughs = list(consultation.wards.all()), list(consultation.boroughs.all())
    # A consultation with no places named is read as London-wide.
    return Area(wards=wards, boroughs=boroughs, london=consultation.london_wide or not (wards or boroughs))


def suppression_threshold() -> int:
    return int(getattr(settings, "EQUALITY_SUPPRESSION_THRESHOLD", 5))


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(is_published=True)


def open_consultations() -> QuerySet[Consultation]:
    now = timezone.now()
    return public_consultations().filter(is_historical=False, opens_at__lte=now, closes_at__gt=now)


def for_ward(ward: Ward) -> QuerySet[Consultation]:
    return (
        public_consultations()
        .filter(Q(wards=ward) | Q(boroughs=ward.borough_id) | Q(london_wide=True))
        .distinct()
        .order_by("-closes_at")
    )


def for_borough(borough: Borough) -> QuerySet[Consultation]:
    return (
        public_consultations()
        .filter(Q(boroughs=borough) | Q(wards__borough=borough) | Q(london_wide=True))
        .distinct()
        .order_by("-closes_at")
    )


def _section(qs: QuerySet[Consultation]) -> dict[str, Any] | None:
    now = timezone.now()
    # Both lists in one query: area pages are built in a bounded number of queries.
    current, recent = union_all(
        [
            qs.filter(is_historical=False, opens_at__lte=now, closes_at__gt=now)[:5],
            qs.filter(Q(closes_at__lte=now) | Q(is_historical=True))[:3],
        ]
    )
    if not current and not recent:
        return None
    return {"open": current, "closed": recent}


def ward_section(ward: Ward, request: Any = None) -> dict[str, Any] | None:
    return _section(for_ward(ward))


def borough_section(borough: Borough, request: Any = None) -> dict[str, Any] | None:
    return _section(for_borough(borough))


def london_section(request: Any = None) -> dict[str, Any] | None:
    return _section(public_consultations().filter(london_wide=True).order_by("-closes_at"))


# --- staff visibility -------------------------------------------------------------------------------------


def respondent_contacts(consultation: Consultation) -> list[tuple[str, str, str]]:
    """(name, email, phone) of respondents who left an email address to hear back, each address once."""
    rows = consultation.responses.exclude(email="").order_by("email", "-pk").values_list("name", "email")
    seen: set[str] = set()
    out = []
    for name, email in rows.iterator(chunk_size=2000):
        key = email.lower()
        if key not in seen:
            seen.add(key)
            out.append((name, email, ""))
    return out


def staff_consultations(user: Any) -> QuerySet[Consultation]:
    """Consultations a member of staff may run or read: exactly those `permissions.can_read_results` allows, so
    every consultation listed opens (one whose places reach beyond the user's area is neither listed nor opened)."""
    return consultations_in_scope(user, (Capability.RUN_CONSULTATIONS, Capability.READ_ALL))


def runnable_consultations(user: Any) -> QuerySet[Consultation]:
    """Consultations the user may change: exactly those `permissions.can_run` allows."""
    return consultations_in_scope(user, (Capability.RUN_CONSULTATIONS,))


def consultations_in_scope(user: Any, capabilities: tuple[Capability, ...]) -> QuerySet[Consultation]:
    """Consultations whose every place lies in the user's scope for one of `capabilities`."""
    q = Q(pk__in=[])
    for capability in capabilities:
        scope = scope_for(user, capability)
        if scope.is_empty:
            continue
        if scope.london_wide:
            return Consultation.objects.all()
        boroughs = Consultation.boroughs.through.objects.filter(consultation=OuterRef("pk"))
        wards = Consultation.wards.through.objects.filter(consultation=OuterRef("pk"))
        outside_wards = wards.exclude(Q(ward__in=scope.ward_ids) | Q(ward__borough__in=scope.borough_ids))
        q |= (
            Q(london_wide=False)
            & (Exists(boroughs) | Exists(wards))
            & ~Exists(boroughs.exclude(borough__in=scope.borough_ids))
            & ~Exists(outside_wards)
        )
    return Consultation.objects.filter(q)


# --- response rates -------------------------------------------------------------------------------------------


@dataclass
class RateRow:
    label: str
    invited: int
    answered: int
    boroughs: int = 0

    @property
    def percent(self) -> float:
        return round(100 * self.answered / self.invited, 1) if self.invited else 0.0

    def sentence(self) -> str:
        text = f"{self.label}: {self.answered:,} of {self.invited:,} ({self.percent}%)"
        if self.boroughs:
            text += f" from {self.boroughs} borough{'s' if self.boroughs != 1 else ''}"
        return text


def _rate_counts(qs: QuerySet[Invitation], group_by: str) -> QuerySet[Any]:
    """Invited and answered per group, counting invited bodies (a body answered if any of its people did);
    invitations to individuals (no body) count one each."""
    named, answered = ~Q(body_name=""), Q(answered_at__isnull=False)
    return (
        qs.values(group_by)
        .annotate(
            bodies=Count("body_name", filter=named, distinct=True),
            people=Count("pk", filter=~named),
            bodies_answered=Count("body_name", filter=named & answered, distinct=True),
            people_answered=Count("pk", filter=~named & answered),
            boroughs=Count("borough", filter=answered, distinct=True),
        )
        .order_by(group_by)
    )


def rates_by_body(consultation: Consultation) -> list[RateRow]:
    """Invited against answered for each kind of invited body, with how many boroughs the answers came from."""
    labels = dict(Invitation.BodyKind.choices)
    return [
        RateRow(
            labels.get(r["body_kind"], r["body_kind"]),
            r["bodies"] + r["people"],
            r["bodies_answered"] + r["people_answered"],
            r["boroughs"],
        )
        for r in _rate_counts(consultation.invitations.all(), "body_kind")
    ]


def rates_by_borough(consultation: Consultation) -> list[RateRow]:
    return [
        RateRow(
            r["borough__name"] or "No borough",
            r["bodies"] + r["people"],
            r["bodies_answered"] + r["people_answered"],
        )
        for r in _rate_counts(consultation.invitations.all(), "borough__name")
    ]


def open_link_responses(consultation: Consultation) -> int:
    return consultation.responses.filter(invitation__isnull=True).count()


def responses_by_borough(consultation: Consultation) -> list[Any]:
    return list(consultation.responses.values("borough__name").annotate(n=Count("pk")).order_by("-n", "borough__name"))


@dataclass
class QuotaProgress:
    quota: Quota
    achieved: int

    @property
    def percent(self) -> float:
        return round(100 * self.achieved / self.quota.target, 1) if self.quota.target else 0.0

    def sentence(self) -> str:
        return f"{self.quota.name}: {self.achieved:,} of {self.quota.target:,}"


def quota_progress(consultation: Consultation) -> list[QuotaProgress]:
    out = []
    for quota in consultation.quotas.prefetch_related("boroughs"):
        qs = consultation.responses.all()
        borough_ids = [b.pk for b in quota.boroughs.all()]
        if borough_ids:
            qs = qs.filter(borough_id__in=borough_ids)
        for c in quota.conditions:
            qs = qs.filter(
                Exists(
                    Answer.objects.filter(
                        response=OuterRef("pk"), question_id=c["question"], option__in=[str(v) for v in c["values"]]
                    )
                )
            )
        out.append(QuotaProgress(quota, qs.count()))
    return out


# --- analysis -------------------------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    minimum: int | None = None
    maximum: int | None = None
    themes: list[dict[str, Any]] = field(default_factory=list)
    files: int = 0


def _bars(question: Question, counts: dict[str, int], base: int) -> list[Bar]:
    order = question.choices() or sorted(counts)
    extra = [k for k in counts if k not in order]
    return [
        Bar(question.label_for(k), counts.get(k, 0), round(100 * counts.get(k, 0) / base, 1) if base else 0.0)
        for k in [*order, *extra]
    ]


def question_results(questionnaire: Questionnaire) -> list[QuestionResult]:
    """Counts and percentages for every question of one questionnaire version, from the running tallies: a fixed
    number of queries reading a few rows per answer option, whatever the number of responses."""
    questions = list(Question.objects.filter(section__questionnaire=questionnaire))
    counts = tallies.for_questions([q.pk for q in questions])
    text_ids = [q.pk for q in questions if q.kind in Question.TEXT_KINDS]
    themes = _themes_with_quotes(text_ids, counts) if text_ids else {}
    place_ids = {int(t.value) for q in questions for t in counts[q.pk][K.PLACE] if t.value}
    borough_names = dict(Borough.objects.filter(pk__in=place_ids).values_list("pk", "name")) if place_ids else {}
    results = []
    for q in questions:
        tally = counts[q.pk]
        r = QuestionResult(q, sum(t.n for t in tally[K.ANSWERED]))
        if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.SCALE):
            r.bars = _bars(q, {t.value: t.n for t in tally[K.OPTION]}, r.answered)
        elif q.kind == Question.Kind.RANKING:
            # Mean rank per item (lower is more important), and how often each was ranked first.
            firsts = {t.value: t.n for t in tally[K.FIRST]}
            ranked = sorted((t.total / t.n, t.value) for t in tally[K.RANK])
            r.bars = [
                Bar(
                    f"{option} (average rank {avg:.1f})", firsts.get(option, 0), _pct(firsts.get(option, 0), r.answered)
                )
                for avg, option in ranked
            ]
        elif q.kind == Question.Kind.NUMBER:
            values = [(int(t.value), t.n) for t in tally[K.NUMBER]]
            if values:
                n = sum(c for _, c in values)
                r.mean = round(sum(v * c for v, c in values) / n, 1)
                r.minimum, r.maximum = min(v for v, _ in values), max(v for v, _ in values)
        elif q.kind == Question.Kind.PLACE:
            places = sorted(
                (
                    (borough_names.get(int(t.value), "Not known") if t.value else "Not known", t.n)
                    for t in tally[K.PLACE]
                ),
                key=lambda p: (-p[1], p[0]),
            )[:40]
            r.bars = [Bar(name, n, _pct(n, r.answered)) for name, n in places]
        elif q.kind in Question.TEXT_KINDS:
            r.themes = themes.get(q.pk, [])
        elif q.kind == Question.Kind.FILE:
            r.files = r.answered
        results.append(r)
    return results


def _pct(n: int, base: int) -> float:
    return round(100 * n / base, 1) if base else 0.0


def _themes_with_quotes(
    question_ids: list[int], counts: dict[int, dict[str, list[Any]]], quotes: int = 3
) -> dict[int, list[dict[str, Any]]]:
    """Each theme of the questions with its number of answers (from the tallies) and a few example quotes
    (one short indexed query per theme), largest first."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for theme in Theme.objects.filter(question_id__in=question_ids):
        n = {t.value: t.n for t in counts[theme.question_id][K.THEME]}.get(str(theme.pk), 0)
        examples = list(
            Answer.objects.filter(theme=theme).exclude(text="").order_by("pk").values_list("text", flat=True)[:quotes]
        )
        out[theme.question_id].append({"theme": theme, "count": n, "quotes": examples})
    for rows in out.values():
        rows.sort(key=lambda t: -t["count"])
    return out


def theme_summary(question: Question, quotes: int = 3) -> list[dict[str, Any]]:
    """Each theme with its number of answers and a few example quotes."""
    return _themes_with_quotes([question.pk], tallies.for_questions([question.pk]), quotes).get(question.pk, [])


def latest_theme_run(question: Question) -> ThemeRun | None:
    return question.theme_runs.order_by("-requested_at", "-pk").first()


@dataclass
class CrossTab:
    question: Question
    by: str
    columns: list[str]  # answer labels
    rows: list[tuple[str, list[str]]]  # (group, cells: counts as text, suppressed where small)


def _cell(n: int) -> str:
    limit = suppression_threshold()
    return f"fewer than {limit}" if 0 < n < limit else f"{n:,}"


def crosstab_by_borough(question: Question) -> CrossTab:
    """Answers to a choice question by the respondent's borough, small numbers suppressed."""
    counts = tallies.by_borough(question)
    ids = [int(b) for b in counts if b]
    names = dict(Borough.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for borough, cells in counts.items():
        label = names.get(int(borough), "Not known") if borough else "Not known"
        for option, n in cells.items():
            table[label][option] = table[label].get(option, 0) + n
    options = question.choices()
    return CrossTab(
        question,
        "Borough",
        [question.label_for(o) for o in options],
        [(b, [_cell(table[b].get(o, 0)) for o in options]) for b in sorted(table)],
    )


def crosstab_by_question(question: Question, by_question: Question) -> CrossTab:
    """Answers to a choice question by the answers to another (e.g. an "about you" question). A respondent who
    chose several answers to `by_question` is counted under each of them."""
    table = {
        (by_question.label_for(group) if group else "No answer"): cells
        for group, cells in tallies.by_question(question, by_question).items()
    }
    options = question.choices()
    return CrossTab(
        question,
        by_question.text,
        [question.label_for(o) for o in options],
        [(g, [_cell(table[g].get(o, 0)) for o in options]) for g in sorted(table)],
    )


def option_context(consultation_id: int, question_id: int, index: int) -> str:
    """The equality context of everyone who gave one answer to one question (for cross-tabs by equality)."""
    return f"consultation:{consultation_id}:q{question_id}:{index}"


def equality_dimensions() -> list[tuple[str, str]]:
    return [(f"eq:{x.key}", x.label) for x in QUESTIONS]


def crosstab_by_equality(question: Question, key: str, user: Any) -> CrossTab:
    """Answers to a single-choice or scale question by an equality dimension, from the equality app's
    suppressed aggregates (one context per answer; individuals' equality answers are never read here)."""
    dimension = BY_KEY[key]
    consultation_id = question.section.questionnaire.consultation_id
    options = question.choices()
    labels: list[str] = []
    cells: dict[str, list[str]] = defaultdict(lambda: ["not shown"] * len(options))
    for i, _option in enumerate(options):
        profile = equality_queries.profile(contexts=[option_context(consultation_id, question.pk, i)], user=user)
        for dim in profile.dimensions:
            if dim.key != key:
                continue
            for row in dim.rows:
                if row.label not in labels:
                    labels.append(row.label)
                cells[row.label][i] = "not shown" if row.count is None else f"{row.count:,}"
    if not labels:
        labels = list(dimension.summary_categories())
    return CrossTab(
        question, dimension.label, [question.label_for(o) for o in options], [(lb, cells[lb]) for lb in labels]
    )


# --- workspace and personal data ---------------------------------------------------------------------------------


def workspace_card(request: Any) -> dict[str, Any] | None:
    user = request.user
    if not permissions.works_on_consultations(user):
        return None
    now = timezone.now()
    mine = staff_consultations(user)
    return {
        "open": CountOf(mine.filter(is_published=True, is_historical=False, opens_at__lte=now, closes_at__gt=now)),
        "drafts": CountOf(mine.filter(is_published=False)),
    }


def personal_q(user: Any) -> Q:
    """Responses a person gave while signed in, under their email address or through their invitation."""
    # Someone without an account (`core.personal.EmailHolder`) is known by their email address alone.
    q = Q(user=user) if getattr(user, "pk", None) is not None else Q(pk__in=[])
    if getattr(user, "email", ""):
        q |= Q(email__iexact=user.email) | Q(invitation__email__iexact=user.email)
    return q


def _answer_value(answer: Answer) -> Any:
    if answer.option:
        return f"{answer.option} ({answer.number})" if answer.number is not None else answer.option
    if answer.ward_id:
        return answer.ward.name if answer.ward else None
    if answer.file:
        return f"File: {(answer.file.name or '').rsplit('/', 1)[-1]}"
    return answer.text or answer.number


def personal_data(user: Any) -> dict[str, Any]:
    """The responses a person gave (with every answer, and their equality answers) and their invitations."""
    responses = []
    for r in (
        Response.objects.filter(personal_q(user))
        .select_related("consultation", "ward")
        .prefetch_related("answers__question", "answers__ward")
        .order_by("pk")
    ):
        answers: dict[str, list[Any]] = defaultdict(list)
        for a in sorted(r.answers.all(), key=lambda a: (a.question.position, a.pk)):
            answers[a.question.text].append(_answer_value(a))
        responses.append(
            {
                "consultation": r.consultation.title,
                "submitted_at": r.submitted_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "ward": r.ward.name if r.ward else None,
                "answers": {
                    question: values[0] if len(values) == 1 else values for question, values in answers.items()
                },
                "equality_answers": own_answers(r.subject_key),
            }
        )
    invitations = (
        [
            {"consultation": i.consultation.title, "on_behalf_of": i.body_name, "name": i.name, "email": i.email}
            for i in Invitation.objects.filter(email__iexact=user.email).select_related("consultation")
        ]
        if getattr(user, "email", "")
        else []
    )
    return {"responses": responses, "invitations": invitations}


def engagement_reached(since: Any, until: Any) -> Reached:
    """Wards and boroughs a consultation opened to, or whose bodies were invited, in a period ("never asked")."""
    wards: dict[int, Any] = {}
    boroughs: dict[int, Any] = {}
    opened = Consultation.objects.filter(
        is_published=True, is_historical=False, opens_at__gte=since, opens_at__lt=until
    )
    for ward_id, at in opened.filter(wards__isnull=False).values_list("wards", "opens_at"):
        note_latest(wards, ward_id, at)
    for borough_id, at in opened.filter(boroughs__isnull=False).values_list("boroughs", "opens_at"):
        note_latest(boroughs, borough_id, at)
    invited = Invitation.objects.filter(sent_at__gte=since, sent_at__lt=until, borough__isnull=False)
    for borough_id, sent in invited.values_list("borough_id", "sent_at"):
        note_latest(boroughs, borough_id, sent)
    return Reached(wards=wards, boroughs=boroughs)
