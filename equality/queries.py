"""Aggregate equality figures, protected (see `equality.disclosure`) and logged. Never a person's answers.

    profile(contexts=["group:12"], user=request.user)
    compare_with_census(contexts=["group:12"], wards=[ward], user=request.user)

Both raise `NotAllowed` unless the user holds `Capability.READ_EQUALITY` in places covering every context's
area (`equality.permissions`) or the caller has already decided the user may see this aggregate
(`permitted=True`, e.g. a group's own officers for their group). Every read is written to the audit log as
"equality.aggregate_read". One output is about one context, or a fixed published set of them chosen by the
calling code (never an arbitrary union chosen by the reader).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum

from core import audit
from core.errors import NotAllowed
from equality import disclosure, permissions
from equality.disclosure import Cell, minimum_population, threshold, total_of
from equality.models import Answer, Subject
from equality.questions import BY_KEY, PREFER_NOT_LABEL, QUESTIONS, Question
from places.models import Borough, CensusFigure, Ward

NOT_ANSWERED = "Not answered"
UNDER = "Under-represented"
BROADLY = "Broadly representative"
OVER = "Over-represented"
TOO_FEW = "Too few answers to show"


@dataclass
class Row:
    label: str
    count: int | None  # None: suppressed
    share: float | None = None  # percent of everyone counted, None if suppressed

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass
class Dimension:
    key: str
    label: str
    rows: list[Row]


@dataclass
class Profile:
    total: int | None  # rounded; None: too few people to show anything
    dimensions: list[Dimension]
    threshold: int
    minimum_population: int = 10

    @property
    def suppressed(self) -> bool:
        return self.total is None


@dataclass
class ComparisonRow:
    label: str
    count: int | None
    group_share: float | None  # percent of those who gave an answer compared with the census
    population_share: float
    ratio: float | None
    assessment: str


@dataclass
class ComparisonDimension:
    key: str
    label: str
    rows: list[ComparisonRow]
    note: str = ""


@dataclass
class Comparison:
    area: str
    total: int | None
    dimensions: list[ComparisonDimension]
    notes: list[str] = field(default_factory=list)
    threshold: int = 5
    minimum_population: int = 10

    @property
    def suppressed(self) -> bool:
        return self.total is None

    def most_under_represented(self, limit: int = 3) -> list[tuple[str, ComparisonRow]]:
        rows = [(d.label, r) for d in self.dimensions for r in d.rows if r.ratio is not None and r.assessment == UNDER]
        rows.sort(key=lambda item: item[1].ratio or 0)
        return rows[:limit]


def _check(user: Any, permitted: bool, contexts: list[str]) -> None:
    """Equality readers, for contexts wholly within their places (unless the caller has decided already)."""
    if permitted:
        return
    if not permissions.is_equality_reader(user):
        raise NotAllowed("You do not have permission to read equality figures.")
    for context in contexts:
        if not permissions.can_read_context(user, context):
            raise NotAllowed(f"You do not have permission to read equality figures for “{context}”.")


def _raw_cells(contexts: list[str]) -> tuple[Cell, dict[str, dict[str, Cell]]]:
    """The output population (distinct subjects in the contexts), and per question a cell per summary category."""
    subjects = Subject.objects.filter(contexts__context__in=contexts).distinct()
    keys = [key for _pk, key in subjects.values_list("pk", "record_key")]  # pk: distinct subjects, not keys
    population = Cell(len(keys), sum(keys))
    cells: dict[str, dict[str, Cell]] = defaultdict(lambda: defaultdict(Cell))
    rows = (
        Answer.objects.filter(subject__in=subjects.values("pk"))
        .values("question", "answer")
        .annotate(n=Count("subject", distinct=True), k=Sum("subject__record_key"))
    )
    for row in rows:
        question = BY_KEY.get(row["question"])
        if question is not None:
            label = question.summary_of(row["answer"])
            cells[question.key][label] = cells[question.key][label] + Cell(row["n"], row["k"] or 0)
    return population, cells


def _dimension_cells(question: Question, population: Cell, cells: dict[str, Cell]) -> list[tuple[str, Cell]]:
    out = [(label, cells.get(label, Cell())) for label in question.summary_categories()]
    out.append((PREFER_NOT_LABEL, cells.get(PREFER_NOT_LABEL, Cell())))
    out.append((NOT_ANSWERED, population - total_of(cells.values())))
    return out


def _log(user: Any, contexts: list[str], what: str) -> None:
    audit.log(user, "equality.aggregate_read", changes={"contexts": contexts, "view": what})


def build_profile(contexts: list[str]) -> Profile:
    """The protected profile without a permission check or log entry (callers must do both).

    `contexts` is one context, or a fixed published set chosen by the calling code (never by the reader).
    """
    population, cells = _raw_cells(contexts)
    if not disclosure.breakdown_allowed(population):
        return Profile(total=None, dimensions=[], threshold=threshold(), minimum_population=minimum_population())
    total = disclosure.rounded_total(population.count)
    dimensions = []
    for question in QUESTIONS:
        dimension_cells = _dimension_cells(question, population, cells.get(question.key, {}))
        # Shares are of the perturbed counts, so they reveal no more than the counts and add up to 100.
        perturbed = [disclosure.perturb(cell, population) for _, cell in dimension_cells]
        base = sum(perturbed) or 1
        rows = []
        for (label, _), value in zip(dimension_cells, perturbed, strict=True):
            n = value if value >= threshold() else None
            rows.append(Row(label=label, count=n, share=None if n is None else round(100 * n / base, 1)))
        dimensions.append(Dimension(key=question.key, label=question.label, rows=rows))
    return Profile(total=total, dimensions=dimensions, threshold=threshold(), minimum_population=minimum_population())


def profile(*, contexts: list[str], user: Any, permitted: bool = False) -> Profile:
    """Answers in one context (or a fixed published set of them), per question and category, protected; logged."""
    _check(user, permitted, contexts)
    _log(user, contexts, "profile")
    return build_profile(contexts)


# --- Census 2021 ---------------------------------------------------------------------------------------


def _ward_weight(ward: Ward) -> float:
    if ward.population:
        return float(ward.population)
    sex = CensusFigure.objects.filter(ward=ward, topic="Sex", unit=CensusFigure.Unit.COUNT)
    return float(sum(f.value for f in sex)) or 1.0


def _borough_weight(borough: Borough) -> float:
    if borough.population:
        return float(borough.population)
    return float(sum(_ward_weight(w) for w in borough.wards.all())) or 1.0


def _borough_people(borough: Borough, topic: str, weight: float) -> dict[str, float]:
    figures = CensusFigure.objects.filter(borough=borough, ward__isnull=True, topic=topic)
    out: dict[str, float] = {}
    for f in figures:
        if f.unit == CensusFigure.Unit.PERCENT:
            out[f.category] = out.get(f.category, 0.0) + weight * f.value / 100
        else:
            out[f.category] = out.get(f.category, 0.0) + f.value
    if topic == "Religion" and out:
        # The published table omits "Other religion"; it is what the listed categories leave over.
        listed = sum(out.values())
        out["Other religion"] = max(weight - listed, 0.0) if figures and figures[0].unit == "percent" else 0.0
    return out


def population_shares(
    topic: str, *, wards: Iterable[Ward] = (), boroughs: Iterable[Borough] = (), london: bool = False
) -> tuple[dict[str, float], list[str]]:
    """Census 2021 people per category (as shares summing to 1) for an area, and notes on fallbacks."""
    people: dict[str, float] = defaultdict(float)
    notes: list[str] = []
    if london:
        boroughs = list(Borough.objects.all())
        wards = []
    for ward in wards:
        figures = list(CensusFigure.objects.filter(ward=ward, topic=topic, unit=CensusFigure.Unit.COUNT))
        if figures:
            for f in figures:
                people[f.category] += f.value
        else:
            notes.append(f"{ward.name} has no ward figure for {topic.lower()}, so {ward.borough.name}’s is used.")
            for category, n in _borough_people(ward.borough, topic, _ward_weight(ward)).items():
                people[category] += n
    for borough in boroughs:
        for category, n in _borough_people(borough, topic, _borough_weight(borough)).items():
            people[category] += n
    total = sum(people.values())
    if not total:
        return {}, notes
    return {k: v / total for k, v in people.items()}, notes


def _assess(ratio: float | None) -> str:
    if ratio is None:
        return TOO_FEW
    if ratio < 0.8:
        return UNDER
    if ratio > 1.25:
        return OVER
    return BROADLY


def area_label(wards: Iterable[Ward] = (), boroughs: Iterable[Borough] = (), london: bool = False) -> str:
    if london:
        return "London"
    names = [w.name for w in wards] + [b.name for b in boroughs]
    return ", ".join(names) or "no area"


def build_comparison(
    contexts: list[str], *, wards: Iterable[Ward] = (), boroughs: Iterable[Borough] = (), london: bool = False
) -> Comparison:
    """The comparison without a permission check or log entry (callers must do both)."""
    wards, boroughs = list(wards), list(boroughs)
    population, cells = _raw_cells(contexts)
    comparison = Comparison(
        area=area_label(wards, boroughs, london),
        total=None,
        dimensions=[],
        threshold=threshold(),
        minimum_population=minimum_population(),
    )
    if not disclosure.breakdown_allowed(population):
        return comparison
    comparison.total = disclosure.rounded_total(population.count)
    for question in QUESTIONS:
        if not question.census_topic:
            continue
        shares, notes = population_shares(question.census_topic, wards=wards, boroughs=boroughs, london=london)
        if not shares:
            comparison.notes.append(f"There is no census figure for {question.census_topic.lower()} for this area.")
            continue
        comparison.notes.extend(n for n in notes if n not in comparison.notes)
        compared = {label: cat for label, cat in question.census.items() if cat is not None}
        base = sum(shares.get(cat, 0.0) for cat in compared.values()) or 1.0
        q_cells = cells.get(question.key, {})
        labels = list(compared)
        # Shares are of the perturbed counts of those who gave a compared answer, so they reveal no more
        # than the counts do.
        perturbed = [disclosure.perturb(q_cells.get(label, Cell()), population) for label in labels]
        answered = sum(perturbed)
        if answered < threshold():
            comparison.notes.append(f"Too few people have answered the question on {question.census_topic.lower()}.")
            continue
        rows = []
        for label, value in zip(labels, perturbed, strict=True):
            population_share = 100 * shares.get(compared[label], 0.0) / base
            if value < threshold():
                rows.append(ComparisonRow(label, None, None, round(population_share, 1), None, TOO_FEW))
                continue
            group = 100 * value / answered
            ratio = round(group / population_share, 2) if population_share else None
            rows.append(ComparisonRow(label, value, round(group), round(population_share, 1), ratio, _assess(ratio)))
        comparison.dimensions.append(
            ComparisonDimension(key=question.key, label=question.census_topic, rows=rows, note=question.census_note)
        )
    return comparison


def compare_with_census(
    *,
    contexts: list[str],
    wards: Iterable[Ward] = (),
    boroughs: Iterable[Borough] = (),
    london: bool = False,
    user: Any,
    permitted: bool = False,
) -> Comparison:
    """Share in the group vs share in the area's population per census dimension, with a representation ratio."""
    _check(user, permitted, contexts)
    _log(user, contexts, "census_comparison")
    return build_comparison(contexts, wards=wards, boroughs=boroughs, london=london)


@dataclass
class UnderRepresentation:
    name: str
    dimension: str
    category: str
    ratio: float
    group_share: float | None
    population_share: float


def under_representation(
    items: list[dict[str, Any]], *, user: Any, permitted: bool = False
) -> list[UnderRepresentation]:
    """Who is most under-represented where, across groups ({"name", "contexts", "wards", "boroughs", "london"})."""
    every = [c for item in items for c in item["contexts"]]
    _check(user, permitted, every)
    _log(user, every, "under_representation")
    found = []
    for item in items:
        comparison = build_comparison(
            item["contexts"],
            wards=item.get("wards", ()),
            boroughs=item.get("boroughs", ()),
            london=item.get("london", False),
        )
        for dimension in comparison.dimensions:
            for row in dimension.rows:
                if row.ratio is not None and row.assessment == UNDER:
                    found.append(
                        UnderRepresentation(
                            item["name"], dimension.label, row.label, row.ratio, row.group_share, row.population_share
                        )
                    )
    # Lowest ratio first; among equals, the larger the missing share of residents, the worse.
    found.sort(key=lambda u: (u.ratio, -u.population_share))
    return found
