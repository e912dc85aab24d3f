"""Changes to ward engagement plans, each audited in the same transaction."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from activities.models import CommunityOfInterest
from core import audit
from core.errors import NotAllowed, ServiceError
from places.models import Ward
from practice import evidence, permissions
from practice.models import PlanCommunity, PlanReview, PlanTarget, WardPlan, next_review

PLAN_FIELDS = ["status", "profile_notes", "feedback_mechanism", "feedback_details", "review_due", "agreed_on"]


def _check(by: Any, ward: Ward) -> None:
    if not permissions.can_edit_plan(by, ward):
        raise NotAllowed("Only planners whose area covers this ward change its engagement plan.")


def _plan(by: Any, ward: Ward) -> WardPlan:
    _check(by, ward)
    plan, created = WardPlan.objects.select_for_update().get_or_create(ward=ward, defaults={"updated_by": by})
    if created:
        audit.log(by, "practice.plan.add", plan)
    return plan


@transaction.atomic
def save_plan(*, by: Any, ward: Ward, profile_notes: str, feedback_mechanism: str, feedback_details: str) -> WardPlan:
    plan = _plan(by, ward)
    if feedback_mechanism == WardPlan.Feedback.OTHER and not feedback_details.strip():
        raise ServiceError("Describe how feedback will be given when you choose “Other”.", field="feedback_details")
    before = audit.snapshot(plan, PLAN_FIELDS)
    plan.profile_notes, plan.feedback_mechanism, plan.feedback_details = (
        profile_notes,
        feedback_mechanism,
        feedback_details,
    )
    plan.updated_by = by
    plan.save()
    audit.log(by, "practice.plan.change", plan, changes=audit.diff(before, audit.snapshot(plan, PLAN_FIELDS)))
    return plan


@transaction.atomic
def agree_plan(*, by: Any, ward: Ward, today: date | None = None) -> WardPlan:
    plan = _plan(by, ward)
    today = today or timezone.localdate()
    if not plan.feedback_mechanism:
        raise ServiceError("Choose how feedback will be given before the plan is agreed.", field="feedback_mechanism")
    if not plan.communities.exists() or not plan.targets.exists():
        raise ServiceError("Name at least one community to reach and one target before the plan is agreed.")
    before = audit.snapshot(plan, PLAN_FIELDS)
    plan.status = WardPlan.Status.AGREED
    plan.agreed_on = today
    plan.review_due = plan.review_due or next_review(today)
    plan.updated_by = by
    plan.save()
    audit.log(by, "practice.plan.agree", plan, changes=audit.diff(before, audit.snapshot(plan, PLAN_FIELDS)))
    return plan


@transaction.atomic
def set_community(
    *, by: Any, ward: Ward, community: CommunityOfInterest, methods: list[str], why: str
) -> PlanCommunity:
    plan = _plan(by, ward)
    row, created = PlanCommunity.objects.get_or_create(plan=plan, community=community)
    before = {} if created else {"methods": row.methods, "why": row.why}
    row.methods, row.why = sorted(set(methods)), why
    row.save()
    after = {"community": community.name, "methods": row.methods, "why": row.why}
    audit.log(by, "practice.plan.community", plan, changes=audit.diff(before, after))
    return row


@transaction.atomic
def remove_community(*, by: Any, ward: Ward, pk: int) -> None:
    plan = _plan(by, ward)
    row = plan.communities.filter(pk=pk).select_related("community").first()
    if row is None:
        raise ServiceError("That community is not in this plan.")
    audit.log(by, "practice.plan.community_remove", plan, note=row.community.name)
    row.delete()


@transaction.atomic
def add_target(*, by: Any, ward: Ward, data: dict[str, Any]) -> PlanTarget:
    plan = _plan(by, ward)
    target = PlanTarget.objects.create(plan=plan, **data)
    audit.log(by, "practice.plan.target_add", plan, note=target.describe())
    return target


@transaction.atomic
def remove_target(*, by: Any, ward: Ward, pk: int) -> None:
    plan = _plan(by, ward)
    target = plan.targets.filter(pk=pk).first()
    if target is None:
        raise ServiceError("That target is not in this plan.")
    audit.log(by, "practice.plan.target_remove", plan, note=target.describe())
    target.delete()


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def review_results(plan: WardPlan, since: date, until: date) -> list[dict[str, Any]]:
    """Each target beside what the register shows for the ward between the two dates."""
    start, end = _start_of(since), _start_of(until + timedelta(days=1))
    out = []
    for t in plan.targets.select_related("community"):
        got = evidence.achieved(t, plan.ward, start, end)
        out.append({"target": t.describe(), "number": t.number, "achieved": got, "met": got >= t.number})
    return out


@transaction.atomic
def review_plan(*, by: Any, ward: Ward, notes: str, today: date | None = None) -> PlanReview:
    plan = _plan(by, ward)
    today = today or timezone.localdate()
    if plan.status != WardPlan.Status.AGREED:
        raise ServiceError("Agree the plan before you review it.")
    since = plan.last_reviewed_on or plan.agreed_on or today - timedelta(days=182)
    since = min(since, today)
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=today,
        period_start=since,
        notes=notes,
        results=review_results(plan, since, today),
        reviewed_by=by,
    )
    before = audit.snapshot(plan, PLAN_FIELDS)
    plan.last_reviewed_on, plan.review_due, plan.updated_by = today, next_review(today), by
    plan.save()
    met = sum(1 for r in review.results if r["met"])
    audit.log(
        by,
        "practice.plan.review",
        plan,
        changes=audit.diff(before, audit.snapshot(plan, PLAN_FIELDS)),
        note=f"{met} of {len(review.results)} targets met",
    )
    return review


@transaction.atomic
def remind_due_reviews(today: date | None = None, *, within_days: int = 28) -> list[WardPlan]:
    """Mark each agreed plan whose review falls due within `within_days` (or is overdue) as reminded, once per
    due date, with an audit entry; the teams see them on their workspace card."""
    today = today or timezone.localdate()
    due = WardPlan.objects.filter(
        status=WardPlan.Status.AGREED, review_due__lte=today + timedelta(days=within_days)
    ).select_related("ward")
    reminded = []
    for plan in due:
        if plan.reminded_for == plan.review_due:
            continue
        plan.reminded_for = plan.review_due
        plan.save(update_fields=["reminded_for", "updated_at"])
        audit.log("scheduler", "practice.plan.review_reminder", plan, note=f"Review due {plan.review_due}")
        reminded.append(plan)
    return reminded
