"""What priorities adds to shared pages: the workspace card; personal data (issues raised, panel votes)."""

from typing import Any

from django.utils import timezone

from organisations.scope import Capability, scope_for
from priorities.models import Issue, PanelMember, PanelVote, Priority


def card(request: Any) -> dict[str, Any] | None:
    scope = scope_for(request.user, Capability.MANAGE_PRIORITIES)
    if scope.is_empty:
        return None
    return {
        "new_issues": Issue.objects.filter(scope.ward_q("ward"), status=Issue.Status.NEW).count(),
        "reviews_due": Priority.objects.filter(
            scope.ward_q("ward"), status=Priority.Status.CURRENT, review_by__lte=timezone.localdate()
        ).count(),
    }


def export_personal(user: Any) -> dict[str, Any]:
    issues = Issue.objects.filter(contact_email__iexact=user.email) if user.email else Issue.objects.none()
    return {
        "issues_raised": [
            {
                "reference": i.reference,
                "raised": i.created_at.isoformat(),
                "category": i.category,
                "description": i.description,
                "contact_name": i.contact_name,
                "contact_phone": i.contact_phone,
            }
            for i in issues
        ],
        "online_panels": [m.ward.name for m in PanelMember.objects.filter(user=user).select_related("ward")],
        "panel_votes": [
            {"round": v.round.title, "choice": v.choice.issue, "comment": v.comment, "at": v.created_at.isoformat()}
            for v in PanelVote.objects.filter(user=user).select_related("round", "choice")
        ],
    }


def erase_personal(user: Any) -> int:
    n = 0
    if user.email:
        n += Issue.objects.filter(contact_email__iexact=user.email).update(
            contact_name="", contact_email="", contact_phone=""
        )
    n += PanelVote.objects.filter(user=user).update(comment="")
    n += PanelMember.objects.filter(user=user).delete()[0]
    return n
