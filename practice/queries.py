"""Reads of ward engagement plans: the plan-status overview and the workspace card."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from core import audit
from places import reference
from places.models import Ward
from practice import permissions
from practice.models import WardPlan


@dataclass
class StatusRow:
    ward: Ward
    plan: WardPlan | None
    state: str

    @property
    def status(self) -> str:
        return self.plan.get_status_display() if self.plan else "No plan"


STATES = ("No plan", "Draft", "overdue", "due soon", "up to date")


def status_rows(wards: QuerySet[Ward] | list[Ward], *, today: date | None = None, state: str = "") -> list[StatusRow]:
    """Every ward with its plan (if any) and where its six-monthly review stands (two queries)."""
    today = today or timezone.localdate()
    if isinstance(wards, QuerySet):
        ordered = list(wards.select_related("borough").order_by("borough__name", "name"))
    else:
        ordered = sorted(wards, key=lambda w: (w.borough.name, w.name))
    plans = {
        p.ward_id: p
        for p in WardPlan.objects.filter(ward__in=[w.pk for w in ordered]).annotate(
            n_targets=Count("targets", distinct=True), n_communities=Count("communities", distinct=True)
        )
    }
    rows = []
    for w in ordered:
        plan = plans.get(w.pk)
        if plan is None:
            s = "No plan"
        elif plan.status == WardPlan.Status.DRAFT:
            s = "Draft"
        else:
            s = plan.review_state(today)
        if not state or state == s:
            rows.append(StatusRow(w, plan, s))
    return rows


def summary(rows: list[StatusRow]) -> list[tuple[str, int]]:
    return [(s, sum(1 for r in rows if r.state == s)) for s in STATES]


def history(plan: WardPlan) -> Any:
    return audit.history_for(plan)


def workspace_card(request: Any) -> dict[str, Any] | None:
    """Plans in the user's area whose review is due within four weeks or overdue, and drafts."""
    user = request.user
    if not permissions.reads_plans(user):
        return None
    ids = permissions.plannable_ward_ids(user)
    if ids is None or len(ids) > 60:  # a London-wide or borough-wide reader: the overview is the place, not the card
        return {"many": True, "due": [], "drafts": 0}
    wards = list(reference.by_pk(Ward, ids).values())  # held in memory, each with its borough
    today = timezone.localdate()
    rows = status_rows(wards, today=today)
    due = [r for r in rows if r.state in ("overdue", "due soon")]
    missing = [r for r in rows if r.state in ("No plan", "Draft")]
    if not due and not missing:
        return None
    return {"many": False, "due": due[:5], "missing": missing[:5]}
