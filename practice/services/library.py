"""Changes to the good-practice library and the quarterly Top 10, each audited in the same transaction."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from activities.models import Activity
from core import audit
from core.errors import Conflict, NotAllowed, ServiceError
from practice import evidence, permissions, ranking
from practice.models import CaseStudy, TopTen, TopTenEntry, financial_quarter

CASE_FIELDS = [
    "title",
    "topic",
    "what",
    "why",
    "who_took_part",
    "outcome",
    "do_differently",
    "cost",
    "reach",
    "outcomes",
]


def register_figures(activities: list[Activity]) -> tuple[Decimal | None, int]:
    """The register's cost (None unless every activity has one) and the people who came: each activity's
    recorded attendance, else its group's minutes, else its reach (`evidence.people`)."""
    costs = [a.cost for a in activities]
    cost = sum((c for c in costs if c is not None), Decimal(0)) if costs and None not in costs else None
    came = evidence.people_at(Activity.objects.filter(pk__in=[a.pk for a in activities]))
    return cost, sum(n or 0 for n in came.values())


@transaction.atomic
def submit_case(*, by: Any, activities: list[Activity], data: dict[str, Any]) -> CaseStudy:
    """A case study of one or more register activities (the first one names its method, unit and date)."""
    if not activities:
        raise ServiceError("Choose the register activity the case study is about.", field="activity")
    for a in activities:
        if not permissions.can_submit_case(by, a):
            raise NotAllowed("Only the unit that ran an activity (or its coordinators) submits it as a case study.")
        if a.status not in (Activity.Status.HELD, Activity.Status.OUTCOME_RECORDED, Activity.Status.FEEDBACK_GIVEN):
            raise ServiceError("Only an activity that has been held can be a case study.", field="activity")
    first = min(activities, key=lambda a: a.starts_at)
    cost, reach = register_figures(activities)
    given_cost, given_reach = data.pop("cost", None), data.pop("reach", None)
    cost_from = CaseStudy.CostFrom.REGISTER
    if cost is None:
        if given_cost is None:
            raise ServiceError(
                "The register has no cost for this activity: give what it cost (0 if nothing).", field="cost"
            )
        cost, cost_from = given_cost, CaseStudy.CostFrom.CASE
    reach = given_reach if given_reach is not None else reach
    communities = data.pop("communities", [])
    case = CaseStudy.objects.create(
        **data,
        method=first.method,
        unit_name=str(first.organising_unit)[:200],
        held_on=timezone.localtime(first.starts_at).date(),
        cost=cost,
        cost_from=cost_from,
        reach=reach,
        submitted_by=by,
    )
    case.activities.set(activities)
    case.communities.set(communities or {c for a in activities for c in a.communities.all()})
    audit.log(by, "practice.case.submit", case, changes=audit.diff({}, audit.snapshot(case, CASE_FIELDS)))
    return case


@transaction.atomic
def review_case(*, by: Any, case: CaseStudy, accept: bool, note: str) -> CaseStudy:
    if not permissions.curates_cases(by):
        raise NotAllowed("Only engagement champions and administrators curate the library.")
    case = CaseStudy.objects.select_for_update().get(pk=case.pk)
    if not accept and case.top_ten_entries.filter(top_ten__status=TopTen.Status.PUBLISHED).exists():
        raise Conflict("This case is in a published Top 10 and stays in the library.")
    before = {"status": case.status, "reviewer_note": case.reviewer_note}
    case.status = CaseStudy.Status.ACCEPTED if accept else CaseStudy.Status.DECLINED
    case.reviewer_note, case.reviewed_by, case.reviewed_at = note, by, timezone.now()
    case.save()
    after = {"status": case.status, "reviewer_note": case.reviewer_note}
    audit.log(by, "practice.case.review", case, changes=audit.diff(before, after))
    return case


def quarter_cases(start: Any, end: Any) -> Any:
    """Accepted cases held between the two dates (a financial quarter)."""
    return CaseStudy.objects.filter(status=CaseStudy.Status.ACCEPTED, held_on__gte=start, held_on__lte=end)


@transaction.atomic
def draft_top_ten(*, by: Any, day: Any) -> TopTen:
    """Rank the quarter holding `day` afresh into its draft Top 10 (keeping notes on cases that stay in it)."""
    if not permissions.publishes_top_ten(by):
        raise NotAllowed("Only the central engagement champion and administrators choose the Top 10.")
    label, slug, start, end = financial_quarter(day)
    top_ten, created = TopTen.objects.select_for_update().get_or_create(
        label=label, defaults={"slug": slug, "starts_on": start, "ends_on": end}
    )
    if top_ten.status == TopTen.Status.PUBLISHED:
        raise Conflict(f"The Top 10 for {label} is published and kept as it is.")
    notes = {e.case_id: e.note for e in top_ten.entries.all()}
    top_ten.entries.all().delete()
    best = ranking.top(quarter_cases(start, end))
    for i, r in enumerate(best, start=1):
        TopTenEntry.objects.create(
            top_ten=top_ten,
            case=r.case,
            rank=i,
            cost_per_person=r.cost_per_person,
            cost_per_outcome=r.cost_per_outcome,
            note=notes.get(r.case.pk, ""),
        )
    audit.log(by, "practice.topten.draft", top_ten, note=f"{len(best)} cases ranked")
    return top_ten


@transaction.atomic
def note_entry(*, by: Any, entry: TopTenEntry, note: str) -> TopTenEntry:
    if not permissions.publishes_top_ten(by):
        raise NotAllowed("Only the central engagement champion and administrators choose the Top 10.")
    if entry.top_ten.status == TopTen.Status.PUBLISHED:
        raise Conflict("A published Top 10 is kept as it is.")
    before = {"note": entry.note}
    entry.note = note
    entry.save(update_fields=["note"])
    audit.log(by, "practice.topten.note", entry.top_ten, changes=audit.diff(before, {"note": note}), note=str(entry))
    return entry


@transaction.atomic
def publish_top_ten(*, by: Any, top_ten: TopTen, introduction: str) -> TopTen:
    if not permissions.publishes_top_ten(by):
        raise NotAllowed("Only the central engagement champion and administrators publish the Top 10.")
    top_ten = TopTen.objects.select_for_update().get(pk=top_ten.pk)
    if top_ten.status == TopTen.Status.PUBLISHED:
        raise Conflict(f"The Top 10 for {top_ten.label} is already published.")
    if not top_ten.entries.exists():
        raise ServiceError("There are no ranked cases in this quarter to publish.")
    top_ten.status, top_ten.introduction = TopTen.Status.PUBLISHED, introduction
    top_ten.published_at, top_ten.published_by = timezone.now(), by
    top_ten.save()
    audit.log(by, "practice.topten.publish", top_ten, note=f"{top_ten.entries.count()} cases")
    return top_ten
