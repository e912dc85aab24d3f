"""Overdue and stalled actions flagged to their leads; budgets; a person's data in plans."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit
from notifications import notify
from organisations import queries as org_queries
from plans.models import Action, Plan, ProgressUpdate, Rag

# --- overdue and stalled --------------------------------------------------------------------------


def stalled_days() -> int:
    return int(getattr(settings, "PLANS_STALLED_DAYS", 90))


def monitored_actions() -> Any:
    return Action.objects.filter(plan__status=Plan.Status.ACTIVE).exclude(status=Rag.COMPLETE)


def overdue_q(today: date) -> Q:
    return Q(deadline_kind__in=["date", "period"], deadline_end__lt=today)


def stalled_q(today: date) -> Q:
    cutoff = today - timedelta(days=stalled_days())
    return Q(last_progress_on__lt=cutoff) | Q(last_progress_on__isnull=True, created_at__date__lt=cutoff)


def lead_staff(action: Action) -> list[Any]:
    """People in a current post in one of the action's lead units that opens the staff workspace."""
    return org_queries.workspace_staff_in(action.lead_units.all())


def flag_actions(*, today: date | None = None) -> dict[str, int]:
    """Tell the leads of overdue and stalled actions, once per episode (a progress update resets it)."""
    today = today or timezone.localdate()
    counts = {"overdue": 0, "stalled": 0, "notices": 0, "emails": 0}
    base = monitored_actions().select_related("plan").prefetch_related("lead_units")
    for reason, q, field in (
        ("overdue", overdue_q(today), "flagged_overdue_at"),
        ("stalled", stalled_q(today), "flagged_stalled_at"),
    ):
        for action in base.filter(q, **{f"{field}__isnull": True}):
            with transaction.atomic():
                locked = Action.objects.select_for_update().get(pk=action.pk)
                if getattr(locked, field) is not None:
                    continue
                n, e = _tell_leads(action, reason, today)
                setattr(locked, field, timezone.now())
                locked.save(update_fields=[field])
                audit.log("flag_plan_actions", f"plan.action_flagged_{reason}", locked, changes={"told": n})
            counts[reason] += 1
            counts["notices"] += n
            counts["emails"] += e
    return counts


def _tell_leads(action: Action, reason: str, today: date) -> tuple[int, int]:
    link = action.get_absolute_url()
    if reason == "overdue":
        message = (
            f"Action {action.reference} of {action.plan.title} was due by "
            f"{action.deadline_text or action.due_on} and is not complete."
        )
    else:
        since = action.last_progress_on.strftime("%-d %B %Y") if action.last_progress_on else "it was added"
        message = (
            f"Action {action.reference} of {action.plan.title} has had no progress update since {since} "
            f"(more than {stalled_days()} days)."
        )
    notices = emails = 0
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    for user in lead_staff(action):
        notify.notify_user(user, message, link=link, kind=f"plans.{reason}")
        notices += 1
        if user.email:
            notify.send_email(
                to=user.email,
                subject=f"Plan action {action.reference} is {reason}",
                text=(
                    f"{message}\n\nPlease add a progress update: {base_url}{link}\n\n"
                    "You receive this because you hold a post in a lead unit of this action."
                ),
                reason=f"plans.{reason}",
            )
            emails += 1
    return notices, emails


def budget_total(actions: Iterable[Action]) -> Decimal:
    return sum((a.budget for a in actions if a.budget is not None), Decimal("0"))


def export_personal_data(user: Any) -> list[dict[str, Any]]:
    """Progress updates a person reported."""
    return [
        {
            "plan": u.action.plan.title,
            "action": u.action.reference,
            "reported_on": u.reported_on.isoformat(),
            "status": u.status,
            "narrative": u.narrative,
        }
        for u in ProgressUpdate.objects.filter(by=user).select_related("action__plan")
    ]


def erase_personal_data(user: Any) -> int:
    """Keep the plan's record of progress but no longer say who reported it."""
    return ProgressUpdate.objects.filter(by=user).update(by=None, by_label="")
