"""Personal data practice holds about a member of staff: packs given to them, case studies they submitted,
plan reviews they recorded. Group members' receipts go with their membership (deleted with it)."""

from typing import Any

from django.db import transaction

from practice.models import CaseStudy, GuideVersion, PackReceipt, PlanReview, WardPlan


def export_personal_data(user: Any) -> dict[str, Any]:
    return {
        "packs": [
            {
                "pack": r.pack.title,
                "given_on": r.sent_on.isoformat(),
                "acknowledged_at": r.acknowledged_at.isoformat() if r.acknowledged_at else None,
            }
            for r in PackReceipt.objects.filter(user=user).select_related("pack")
        ],
        "case_studies_submitted": [c.title for c in CaseStudy.objects.filter(submitted_by=user)],
        "plan_reviews_recorded": [
            {"ward": r.plan.ward.name, "reviewed_on": r.reviewed_on.isoformat()}
            for r in PlanReview.objects.filter(reviewed_by=user).select_related("plan__ward")
        ],
    }


@transaction.atomic
def erase_personal_data(user: Any) -> int:
    """Forget the person's receipts; keep the plans, cases and guides but no longer say who wrote them."""
    n = PackReceipt.objects.filter(user=user).delete()[0]
    n += CaseStudy.objects.filter(submitted_by=user).update(submitted_by=None)
    n += CaseStudy.objects.filter(reviewed_by=user).update(reviewed_by=None)
    n += PlanReview.objects.filter(reviewed_by=user).update(reviewed_by=None)
    n += WardPlan.objects.filter(updated_by=user).update(updated_by=None)
    n += GuideVersion.objects.filter(created_by=user).update(created_by=None)
    return n
