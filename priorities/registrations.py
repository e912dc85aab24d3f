"""What priorities adds to shared pages: the workspace card; personal data (issues raised, panel votes)."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from core import registry, retention
from core.personal import Identifiers
from core.tally import CountOf
from priorities import permissions
from priorities.models import Issue, PanelMember, PanelVote, Priority


def card(request: Any) -> dict[str, Any] | None:
    if not permissions.manages_priorities(request.user):
        return None
    scope = permissions.issue_scope(request.user)
    return {
        "new_issues": CountOf(Issue.objects.filter(scope.ward_q("ward"), status=Issue.Status.NEW)),
        "reviews_due": CountOf(
            Priority.objects.filter(
                scope.ward_q("ward"), status=Priority.Status.CURRENT, review_by__lte=timezone.localdate()
            )
        ),
    }


# What an issue loses when its raiser is erased or its retention period ends: who raised it, where exactly.
ISSUE_DETAILS_ERASED: dict[str, Any] = {
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "language": "",
    "address": "",
    "postcode": "",
    "latitude": None,
    "longitude": None,
}


def _issues_of(user: Any) -> QuerySet[Issue]:
    return Issue.objects.filter(contact_email__iexact=user.email) if user.email else Issue.objects.none()


def _panel_q(user: Any) -> Q:
    """Online panels are for account holders; someone known only by email (`core.personal.EmailHolder`) has none."""
    return Q(user=user) if getattr(user, "pk", None) is not None else Q(pk__in=[])


def export_personal(user: Any) -> dict[str, Any]:
    issues = _issues_of(user).select_related("ward")
    return {
        "issues_raised": [_issue_data(i) for i in issues],
        "online_panels": [m.ward.name for m in PanelMember.objects.filter(_panel_q(user)).select_related("ward")],
        "panel_votes": [
            {"round": v.round.title, "choice": v.choice.issue, "comment": v.comment, "at": v.created_at.isoformat()}
            for v in PanelVote.objects.filter(_panel_q(user)).select_related("round", "choice")
        ],
    }


def _issue_data(i: Issue) -> dict[str, Any]:
    return {
        "reference": i.reference,
        "raised": i.created_at.isoformat(),
        "category": i.get_category_display(),
        "ward": i.ward.name,
        "postcode": i.postcode,
        "address": i.address,
        "latitude": str(i.latitude) if i.latitude is not None else None,
        "longitude": str(i.longitude) if i.longitude is not None else None,
        "description": i.description,
        "how_often": i.get_frequency_display(),
        "status": i.get_status_display(),
        "contact_name": i.contact_name,
        "contact_email": i.contact_email,
        "contact_phone": i.contact_phone,
        "language": i.language or "en-gb",
    }


def _contacted(identifiers: Identifiers) -> QuerySet[Issue]:
    """Issues whose contact phone or email is one of the person's (e.g. recorded by an officer)."""
    terms = list(identifiers.terms)
    return Issue.objects.filter(Q(contact_phone__in=terms) | Q(contact_email__in=terms))


def find_personal(identifiers: Identifiers) -> list[dict[str, Any]]:
    return [_issue_data(i) for i in _contacted(identifiers).select_related("ward")]


def forget_personal(identifiers: Identifiers, reference: str) -> int:
    return _contacted(identifiers).update(**ISSUE_DETAILS_ERASED)


def erase_personal(user: Any) -> int:
    """Issues keep their text and ward (the ward's record of problems must add up) but lose who raised them
    and where exactly; panel votes stay counted but lose their voter and comment."""
    n = _issues_of(user).update(**ISSUE_DETAILS_ERASED)
    n += PanelVote.objects.filter(_panel_q(user)).update(comment="", user=None)
    n += PanelMember.objects.filter(_panel_q(user)).delete()[0]
    return n


def expire_issue_contacts(now: Any) -> int:
    """Issues raised longer ago than ISSUE_CONTACT_RETENTION_DAYS lose who raised them and where exactly."""
    old = Issue.objects.filter(created_at__lt=retention.cutoff(now, "ISSUE_CONTACT_RETENTION_DAYS")).exclude(
        contact_name="", contact_email="", contact_phone="", address="", postcode="", latitude=None
    )
    return old.update(**ISSUE_DETAILS_ERASED)


def register_records() -> None:
    registry.personal_records.add(
        "priorities.issues",
        order=20,
        record=gettext_noop(
            "Problems you tell us about: what, where (ward, address, postcode or point) and your contact details"
        ),
        basis=gettext_noop("Public task: neighbourhood policing and setting ward priorities with residents"),
        kept=lambda: (
            gettext(
                "The problem and its ward are kept for the ward’s record; your name, contact details, address and "
                "postcode are removed %(period)s after you told us"
            )
            % {"period": retention.in_words("ISSUE_CONTACT_RETENTION_DAYS")}
        ),
        expire=expire_issue_contacts,
    )
    registry.personal_records.add(
        "priorities.panel",
        order=25,
        record=gettext_noop("Online ward panel membership and your votes"),
        basis=gettext_noop("Public task: setting ward priorities with residents"),
        kept=lambda: gettext(
            "Until you delete your account; your votes then stay counted without your name or comment"
        ),
    )
