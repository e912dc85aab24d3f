"""What feedback adds to shared pages: the workspace card; personal data of people who asked to hear back."""

from typing import Any

from feedback import queries
from feedback.models import Participant
from organisations.scope import Capability, scope_for


def card(request: Any) -> dict[str, Any] | None:
    scope = scope_for(request.user, Capability.PUBLISH_FEEDBACK)
    if scope.is_empty:
        return None
    records = queries.in_scope(scope)
    return {
        "owed": queries.with_state(records, "owed").count(),
        "overdue": queries.with_state(records, "overdue").count(),
    }


def export_personal(user: Any) -> list[dict[str, Any]]:
    if not user.email:
        return []
    return [
        {"record": p.record.title, "email": p.email, "phone": p.phone, "name": p.name, "source": p.source}
        for p in Participant.objects.filter(email__iexact=user.email).select_related("record")
    ]


def erase_personal(user: Any) -> int:
    if not user.email:
        return 0
    return Participant.objects.filter(email__iexact=user.email).delete()[0]
